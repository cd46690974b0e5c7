import { type EmulatorServices } from "./module";

/**
 * One instance of a module's runtime per emulator, created on first use. Keyed weakly, so a closed
 * emulator's runtime goes with it; `existing` lets closing look without creating one.
 */
export function perServices<T>(create: (services: EmulatorServices) => T): {
  get: (services: EmulatorServices) => T;
  existing: (services: EmulatorServices) => T | undefined;
} {
  const instances = new WeakMap<EmulatorServices, T>();
  return {
    get: (services) => {
      let instance = instances.get(services);
      if (instance === undefined) {
        instance = create(services);
        instances.set(services, instance);
      }
      return instance;
    },
    existing: (services) => instances.get(services),
  };
}
