// The thesis's page vector (§3.2.2): the architecture-neutral description of a page's
// permissions that the virtual-memory layer hands to ARCH. Platform-neutral.
//
//   bit 0  valid      the page is mapped
//   bit 1  writable   stores allowed
//   bit 2  exec       instruction fetches allowed (nk's CPU honours it through PTE bit 11)
//
// ARCH turns it into an i386 PTE: frame | P | RW? | US | NX-if-not-exec. User space only.
import { Pte } from "../../core/cpu/control_regs.ts";

/** Page-vector permission bits. */
export const PageVector = {
  Valid: 1,
  Writable: 2,
  Exec: 4,

  /** The i386 PTE for a user page of frame `paddr` with page-vector bits `perm`. */
  toPte(paddr: number, perm: number): number {
    let pte = (paddr & ~0xfff) | Pte.P | Pte.US;
    if (perm & 2) pte |= Pte.RW;
    if (!(perm & 4)) pte |= Pte.NX;
    return pte;
  },

  /** Page-vector bits of a PTE. */
  fromPte(pte: number): number {
    if (!(pte & Pte.P)) return 0;
    return 1 | (pte & Pte.RW ? 2 : 0) | (pte & Pte.NX ? 0 : 4);
  },
} as const;
