/* printf_float — printf %f %e %g %a of doubles and long doubles and strtod round trips:
 * this drives the x87 unit hard (80-bit loads/stores, fbstp-free digit loops, rounding). */
#include <math.h>
#include <string.h>
#include "guest.h"

static const double doubles[] = {
  0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 2.5, 3.5, 1.0 / 3.0, 2.0 / 3.0, 3.141592653589793,
  2.718281828459045, 1e-5, 123456.789, 1e10, 1e21, 1e22, 1e100, 1e300, 1.7976931348623157e308,
  2.2250738585072014e-308, 4.9e-324, 0.000123456789, 9.999999999999999e22, 5e-1, 1.5e-7,
  65536.0, 4294967296.0, -273.15, 6.02214076e23,
};

static const long double longs[] = {
  0.0L, 1.0L, -2.5L, 0.1L, 1.0L / 3.0L, 3.14159265358979323846264338327950288L, 1e-4000L,
  1e4000L, 1.18973149535723176502e+4932L, 12345678901234567890.0L,
};

int main(void) {
  for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    double d = doubles[i];
    printf("d%-2u %.6f | %.10e | %g | %.17g | %a\n", i, d, d, d, d, d);
  }
  for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++) {
    long double l = longs[i];
    printf("l%-2u %.6Lf | %.18Le | %Lg | %.21Lg\n", i, l, l, l, l);
  }
  printf("widths: [%10.3f] [%-10.2e] [%+g] [% g] [%#g] [%#.0f] [%010.4f]\n",
         3.14159, 31415.9, 2.0, 2.0, 2.0, 3.0, -1.5);
  printf("rounding: %.0f %.0f %.0f %.0f %.1f %.2f\n", 0.5, 1.5, 2.5, -0.5, 0.05, 1.005);
  printf("specials: %f %f %e %g\n", INFINITY, -INFINITY, INFINITY, fabs(NAN));

  /* strtod must round-trip every double printed with %.17g, and %a exactly. */
  int trips = 0, bad = 0;
  for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", doubles[i]);
    double back = strtod(buf, NULL);
    snprintf(buf, sizeof buf, "%a", doubles[i]);
    double back_hex = strtod(buf, NULL);
    if (memcmp(&back, &doubles[i], sizeof back) == 0 && memcmp(&back_hex, &doubles[i], sizeof back) == 0)
      trips++;
    else bad++;
  }
  printf("strtod round trips: %d ok, %d bad\n", trips, bad);
  CHECK("strtod round trips", bad == 0);

  char *end;
  double parsed = strtod("  -12.5e3xyz", &end);
  printf("strtod(\"  -12.5e3xyz\") = %g, rest \"%s\"\n", parsed, end);
  CHECK("strtod stops at garbage", parsed == -12500.0 && strcmp(end, "xyz") == 0);
  long double lparsed = strtold("0.1", NULL);
  CHECK("strtold(0.1) == 0.1L", lparsed == 0.1L);
  CHECK("strtod(0.1) != strtold(0.1)", (long double)strtod("0.1", NULL) != lparsed);

  /* A little arithmetic through the x87 registers. */
  volatile long double acc = 0.0L;
  for (int i = 1; i <= 1000; i++) acc += 1.0L / ((long double)i * i);
  printf("sum 1/i^2 (1000 terms, long double) = %.18Lf\n", acc);
  volatile double dacc = 0.0;
  for (int i = 1; i <= 1000; i++) dacc += 1.0 / i;
  printf("harmonic(1000) = %.15f\n", dacc);
  return finish("printf_float");
}
