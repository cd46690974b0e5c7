import { type EmulatorModule } from "../module";
import { coreMigrations } from "../store/schema";
import { archiveRoutes } from "./archives";
import { capacityRoutes } from "./capacity";
import { multipartRoutes } from "./multipart";
import { notificationRoutes } from "./notifications";
import { retrievalPolicyRoutes } from "./retrieval-policy";
import { tagRoutes } from "./tags";
import { vaultRoutes } from "./vaults";

/** Vaults, archives, multipart uploads and account/vault settings. Jobs live in their own module. */
export const coreModule: EmulatorModule = {
  name: "core",
  migrations: coreMigrations,
  register(router) {
    router.add(
      ...vaultRoutes,
      ...archiveRoutes,
      ...multipartRoutes,
      ...retrievalPolicyRoutes,
      ...capacityRoutes,
      ...notificationRoutes,
      ...tagRoutes,
    );
  },
};
