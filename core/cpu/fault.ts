// The one exception object the CPU throws for architectural faults; caught by the step loop,
// which rewinds EIP to the faulting instruction and delivers the vector (blink throw.c, v86).
// Platform-neutral.

/** A CPU exception raised during an instruction. Preallocated; never carries a stack trace cost. */
export class CpuFault {
  vector = 0;
  errorCode = -1; // -1: no error code
  /** Faulting linear address for #PF (copied to CR2 on delivery). */
  address = 0;
}

/** The shared instance thrown by `raise()`. */
export const FAULT = new CpuFault();

/** Throws the shared fault with `vector` and an optional error code. */
export function raise(vector: number, errorCode = -1, address = 0): never {
  FAULT.vector = vector;
  FAULT.errorCode = errorCode;
  FAULT.address = address;
  throw FAULT;
}
