// Public API of the gdbserver: start a server over a GdbTarget, and the adapters that make a
// bare Machine or a kernel System into one.

export { DEFAULT_GDB_PORT, startGdbServer, type GdbServer } from "./server.ts";
export { machineTarget, systemTarget, type OwnerHooks, type SystemTargetOptions } from "./adapters.ts";
export { readMemory, writeMemory, UnmappedError, type GdbTarget, type RunEvent } from "./target.ts";
export { GDB_REGISTERS, readRegister, writeRegister } from "./registers.ts";
export { TARGET_XML } from "./target_description.ts";
