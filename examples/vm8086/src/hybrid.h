/* hybrid.h — the int 0x30 bridge to nk's vm8086 module (see hybrid.c). */
#ifndef VM8086_HYBRID_H
#define VM8086_HYBRID_H
#include <stdint.h>

struct vm_stats;
/* Says hello on int 0x30; returns 1 if nk's vm8086 module answered (hybrid mode). */
int hybrid_probe(void);
int hybrid_active(void);
/* REP MOVSB byte semantics done by the kernel; 0 if not in hybrid mode (caller copies itself). */
int hybrid_copy(uint8_t *dst, const uint8_t *src, uint32_t n, int backward);
/* Reports counter deltas to the kernel's accounting; final=1 at exit (the kernel logs a summary). */
void hybrid_account(uint64_t instructions, uint64_t rep_iterations, uint64_t service_calls, int final);
/* Reads the kernel's counters for this process; 0 if not in hybrid mode. */
int hybrid_stats(struct vm_stats *out);
#endif
