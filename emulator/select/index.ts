/** Glacier Select over CSV: the emulator's executor of the shared dialect (lib/glacier/select). */
export { compileSelect, type CompiledSelect } from "./compile";
export { runSelect, type RunSelectOptions } from "./run-select";
export { SelectError, type SelectErrorCode, type SourcePosition } from "../../lib/glacier/select";
