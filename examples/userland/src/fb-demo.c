/* fb-demo — draws a colour gradient with a grid on /dev/fb0, the kernel's window on the VBE
 * (Bochs) framebuffer memory. The kernel sets the video mode; this program assumes 640x480 with
 * 32-bit pixels (0x00RRGGBB) and writes one row at a time with pwrite (the device has no mmap). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define WIDTH 640
#define HEIGHT 480

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/dev/fb0";
  int fd = open(path, O_WRONLY);
  if (fd < 0) { perror(path); return 1; }
  static uint32_t row[WIDTH];
  for (int y = 0; y < HEIGHT; y++) {
    for (int x = 0; x < WIDTH; x++) {
      uint32_t r = x * 255 / (WIDTH - 1), g = y * 255 / (HEIGHT - 1), b = 255 - r;
      row[x] = (x % 64 == 0 || y % 64 == 0) ? 0xffffff : r << 16 | g << 8 | b;
    }
    if (pwrite(fd, row, sizeof row, (off_t)y * sizeof row) != (ssize_t)sizeof row) {
      perror("fb-demo: write");
      return 1;
    }
  }
  close(fd);
  printf("fb-demo: drew a %dx%d gradient on %s\n", WIDTH, HEIGHT, path);
  return 0;
}
