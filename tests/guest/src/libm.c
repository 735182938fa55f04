/* libm — elementary functions on fixed inputs printed with %.17g so any ulp of difference
 * in the x87 transcendental instructions (fsin, fyl2x, f2xm1, fpatan, fprem) shows. */
#include <math.h>
#include "guest.h"

static const double xs[] = {0.0, 0.5, 1.0, 2.0, 3.0, 10.0, -1.5, 0.001, 100.0, 1e-10};

int main(void) {
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    double x = xs[i];
    printf("x=%g sin=%.17g cos=%.17g exp=%.17g\n", x, sin(x), cos(x), exp(x));
    if (x > 0) printf("x=%g log=%.17g sqrt=%.17g\n", x, log(x), sqrt(x));
  }
  const double pw[][2] = {{2, 10}, {2, 0.5}, {10, -3}, {1.5, 2.5}, {-2, 3}, {0, 0}, {7, 1.0 / 3}};
  for (unsigned i = 0; i < sizeof pw / sizeof pw[0]; i++)
    printf("pow(%g,%g)=%.17g\n", pw[i][0], pw[i][1], pow(pw[i][0], pw[i][1]));
  const double at[][2] = {{1, 1}, {1, -1}, {-1, -1}, {0, -1}, {3, 4}, {-0.0, 1}};
  for (unsigned i = 0; i < sizeof at / sizeof at[0]; i++)
    printf("atan2(%g,%g)=%.17g\n", at[i][0], at[i][1], atan2(at[i][0], at[i][1]));
  const double fm[][2] = {{10, 3}, {-10, 3}, {5.5, 1.25}, {1e20, 7}, {3, 0.1}};
  for (unsigned i = 0; i < sizeof fm / sizeof fm[0]; i++)
    printf("fmod(%g,%g)=%.17g\n", fm[i][0], fm[i][1], fmod(fm[i][0], fm[i][1]));

  /* Identities that hold exactly or within a few ulps on any correct implementation. */
  CHECK("sqrt(2)^2 within 1e-15", fabs(sqrt(2.0) * sqrt(2.0) - 2.0) < 1e-15);
  CHECK("exp(log(5)) within 1e-14", fabs(exp(log(5.0)) - 5.0) < 1e-14);
  CHECK("sin^2+cos^2 = 1 at 0.7", fabs(sin(0.7) * sin(0.7) + cos(0.7) * cos(0.7) - 1.0) < 1e-15);
  CHECK("atan2(1,1)*4 = pi", fabs(atan2(1.0, 1.0) * 4.0 - M_PI) < 1e-15);
  CHECK("pow(2,10) exact", pow(2.0, 10.0) == 1024.0);
  CHECK("fmod(10,3) exact", fmod(10.0, 3.0) == 1.0);
  CHECK("sqrt(-1) is NaN", isnan(sqrt(-1.0)));
  CHECK("log(0) is -inf", isinf(log(0.0)) && log(0.0) < 0);
  return finish("libm");
}
