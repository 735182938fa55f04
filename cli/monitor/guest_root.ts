// The built-in NFSII image for bare `nk`, from cli/builtin_image.ts when that module exists. The
// module path is computed so a build without it still bundles; the Session mounts the bytes as root.

/** The built-in image's bytes, or `why` it is not available. */
export async function builtinImageBytes(): Promise<{ bytes?: Uint8Array; why?: string }> {
  let module: { builtinImage?: () => Uint8Array };
  try {
    module = await import("../builtin_image.ts"); // literal: bun build --compile embeds it
  } catch (e) {
    return { why: `the built-in image could not be built (${(e as Error).message})` };
  }
  if (typeof module.builtinImage !== "function") return { why: "cli/builtin_image.ts exports no builtinImage()" };
  return { bytes: module.builtinImage() };
}
