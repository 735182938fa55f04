// Control register bits (Intel SDM Vol. 3 §2.5) and page-table entry bits (§4.3). Data only.
// Platform-neutral.

/** CR0 bits. */
export const Cr0 = {
  PE: 1 << 0, // protection enable
  MP: 1 << 1, // monitor coprocessor
  EM: 1 << 2, // x87 emulation (FPU instructions raise #NM)
  TS: 1 << 3, // task switched (lazy FPU save: #NM)
  ET: 1 << 4, // extension type, hardwired 1
  NE: 1 << 5, // native x87 error reporting
  WP: 1 << 16, // supervisor honours read-only pages
  AM: 1 << 18,
  NW: 1 << 29,
  CD: 1 << 30,
  PG: 1 << 31, // paging
} as const;

/** CR4 bits (only those nk implements are ever set). */
export const Cr4 = {
  TSD: 1 << 2, // RDTSC privileged
  DE: 1 << 3,
  PSE: 1 << 4, // 4 MiB pages
  PAE: 1 << 5, // not supported: setting it raises #GP
  PGE: 1 << 7, // global pages
  OSFXSR: 1 << 9, // SSE enabled by the OS
  OSXMMEXCPT: 1 << 10,
} as const;

/** CR4 bits a guest may set. */
export const CR4_SUPPORTED = Cr4.TSD | Cr4.DE | Cr4.PSE | Cr4.PGE | Cr4.OSFXSR | Cr4.OSXMMEXCPT;

/** Page directory / table entry bits (32-bit paging, SDM Tables 4-4..4-6). */
export const Pte = {
  P: 1 << 0, // present
  RW: 1 << 1, // writable
  US: 1 << 2, // user accessible
  PWT: 1 << 3,
  PCD: 1 << 4,
  A: 1 << 5, // accessed
  D: 1 << 6, // dirty (PTE and 4 MiB PDE)
  PS: 1 << 7, // 4 MiB page (PDE, needs CR4.PSE)
  G: 1 << 8, // global (needs CR4.PGE)
  /**
   * nk's software no-execute bit (one of the three AVL bits, 9–11): honoured only when the kernel
   * turns on `Cpu.softNx` — the thesis page vector's exec permission (§3.2.2, bit 2).
   */
  NX: 1 << 11,
} as const;
