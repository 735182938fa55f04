/* Host x87 oracle for the differential tests: reads "op cw a b" lines (a, b: 20 hex digits = 10 bytes,
   big-endian text of the little-endian memory image), runs one instruction on the host FPU and prints
   "r0 r1 sw eflags" (r0/r1: st0/st1 after the op, or the stored memory image for store ops).
   Build: gcc -m32 -O1 x87_oracle.c */
#include <stdio.h>
#include <string.h>

static unsigned char A[16], B[16], R0[16], R1[16];
static unsigned short cw, sw, cwm = 0x37f;
static unsigned int fl;

static void parse(const char *h, unsigned char *m) {
  memset(m, 0, 16);
  for (int i = 0; i < 10; i++) { unsigned v; sscanf(h + 2 * (9 - i), "%2x", &v); m[i] = (unsigned char)v; }
}
static void show(const unsigned char *m) { for (int i = 9; i >= 0; i--) printf("%02x", m[i]); }

#define IO [sw] "=m"(sw), [r0] "=m"(R0), [r1] "=m"(R1), [fl] "=m"(fl) : [cw] "m"(cw), [cwm] "m"(cwm), [a] "m"(A), [b] "m"(B) : "memory", "eax"
#define HEAD "fninit; fldcw %[cw];"
#define TAIL2 "fnstsw %[sw]; fnclex; fldcw %[cwm]; fstpt %[r0]; fstpt %[r1];"
#define TAIL1 "fnstsw %[sw]; fnclex; fldcw %[cwm]; fstpt %[r0];"
#define BIN(i) asm volatile(HEAD "fldt %[b]; fldt %[a]; fnclex;" i ";" TAIL2 : IO)
#define UN(i) asm volatile(HEAD "fldt %[a]; fnclex;" i ";" TAIL2 : IO)
#define UN1(i) asm volatile(HEAD "fldt %[a]; fnclex;" i ";" TAIL1 : IO)
#define CONST(i) asm volatile(HEAD "fnclex;" i ";" TAIL1 : IO)
#define STORE(i) asm volatile(HEAD "fldt %[a]; fnclex;" i " %[r0]; fnstsw %[sw]; fnclex;" : IO)
#define LOAD(i) asm volatile(HEAD "fnclex;" i " %[a];" TAIL1 : IO)
#define CMP(i) asm volatile(HEAD "fldt %[b]; fldt %[a]; fnclex;" i "; pushf; pop %%eax; mov %%eax, %[fl];" TAIL2 : IO)

int main(void) {
  char op[32], ah[64], bh[64];
  unsigned c;
  while (scanf("%31s %x %63s %63s", op, &c, ah, bh) == 4) {
    cw = (unsigned short)c; parse(ah, A); parse(bh, B);
    memset(R0, 0, 16); memset(R1, 0, 16); fl = 0;
    if (!strcmp(op, "add")) BIN("fadd %%st(1), %%st");
    else if (!strcmp(op, "sub")) BIN("fsub %%st(1), %%st");
    else if (!strcmp(op, "mul")) BIN("fmul %%st(1), %%st");
    else if (!strcmp(op, "div")) BIN("fdiv %%st(1), %%st");
    else if (!strcmp(op, "sqrt")) UN("fsqrt");
    else if (!strcmp(op, "prem")) BIN("fprem");
    else if (!strcmp(op, "prem1")) BIN("fprem1");
    else if (!strcmp(op, "rndint")) UN("frndint");
    else if (!strcmp(op, "scale")) BIN("fscale");
    else if (!strcmp(op, "xtract")) UN("fxtract");
    else if (!strcmp(op, "com")) BIN("fcom %%st(1)");
    else if (!strcmp(op, "ucom")) BIN("fucom %%st(1)");
    else if (!strcmp(op, "comi")) CMP("fcomi %%st(1), %%st");
    else if (!strcmp(op, "ucomi")) CMP("fucomi %%st(1), %%st");
    else if (!strcmp(op, "xam")) UN1("fxam");
    else if (!strcmp(op, "abs")) UN1("fabs");
    else if (!strcmp(op, "chs")) UN1("fchs");
    else if (!strcmp(op, "ld1")) CONST("fld1");
    else if (!strcmp(op, "ldl2t")) CONST("fldl2t");
    else if (!strcmp(op, "ldl2e")) CONST("fldl2e");
    else if (!strcmp(op, "ldpi")) CONST("fldpi");
    else if (!strcmp(op, "ldlg2")) CONST("fldlg2");
    else if (!strcmp(op, "ldln2")) CONST("fldln2");
    else if (!strcmp(op, "ldz")) CONST("fldz");
    else if (!strcmp(op, "ist16")) STORE("fistps");
    else if (!strcmp(op, "ist32")) STORE("fistpl");
    else if (!strcmp(op, "ist64")) STORE("fistpll");
    else if (!strcmp(op, "istt16")) STORE("fisttps");
    else if (!strcmp(op, "istt32")) STORE("fisttpl");
    else if (!strcmp(op, "istt64")) STORE("fisttpll");
    else if (!strcmp(op, "st32")) STORE("fstps");
    else if (!strcmp(op, "st64")) STORE("fstpl");
    else if (!strcmp(op, "bst")) STORE("fbstp");
    else if (!strcmp(op, "ld32")) LOAD("flds");
    else if (!strcmp(op, "ld64")) LOAD("fldl");
    else if (!strcmp(op, "ild16")) LOAD("filds");
    else if (!strcmp(op, "ild32")) LOAD("fildl");
    else if (!strcmp(op, "ild64")) LOAD("fildll");
    else if (!strcmp(op, "bld")) LOAD("fbld");
    else if (!strcmp(op, "f2xm1")) UN("f2xm1");
    else if (!strcmp(op, "yl2x")) BIN("fyl2x");
    else if (!strcmp(op, "yl2xp1")) BIN("fyl2xp1");
    else if (!strcmp(op, "ptan")) UN("fptan");
    else if (!strcmp(op, "patan")) BIN("fpatan");
    else if (!strcmp(op, "sin")) UN("fsin");
    else if (!strcmp(op, "cos")) UN("fcos");
    else if (!strcmp(op, "sincos")) UN("fsincos");
    else { printf("? ? ? ?\n"); continue; }
    show(R0); putchar(' '); show(R1); printf(" %04x %08x\n", sw, fl);
  }
  return 0;
}
