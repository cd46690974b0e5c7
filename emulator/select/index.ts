/** Glacier Select over CSV: compile a query without data, or run it over a stream. */
export { compileSelect, type CompiledSelect } from "./compile";
export { runSelect, type RunSelectOptions } from "./run-select";
export { SelectError, type SelectErrorCode, type SourcePosition } from "./errors";
