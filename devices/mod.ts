// Public API of the emulated PC devices. Platform-neutral.
export * from "./device.ts";
export * from "./block_backend.ts";
export * from "./memory_backend.ts";
export * from "./pic_8259.ts";
export * from "./pit_8254.ts";
export * from "./uart_16550.ts";
export * from "./rtc.ts";
export * from "./vga_text.ts";
export * from "./vga_font.ts";
export * from "./cp437.ts";
export * from "./framebuffer.ts";
export * from "./scancodes.ts";
export * from "./ps2_keyboard.ts";
export * from "./ata_disk.ts";
export * from "./debug_exit.ts";
export * from "./pc.ts";
