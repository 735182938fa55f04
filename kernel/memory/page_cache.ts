// The page cache (Linux mm/filemap.c, much reduced): physical frames holding file pages, shared by
// every private mapping that reads them, so a program executed again maps the very frames it ran
// from before and the CPU's blocks decoded from them (keyed by physical address) stay valid.
// Platform-neutral.
//
//   key  = file identity : byte offset : bytes taken from the file (the rest of the frame is zero)
//   file → { version, keys }   version = Backing.contentVersion(); a different one drops the file's pages
//   lru  = Map in use order (oldest first); each entry holds one reference on its frame
//
// Frames handed out are mapped read-only: a write (or mprotect to writable, then a write) takes the
// copy-on-write path of AddressSpace.handleFault, because the cache's reference keeps the count
// above one. The cached frame is therefore never written while it is cached.
import type { Backing } from "./address_space.ts";
import type { Frames } from "./frames.ts";

const PAGE = 4096;

interface CachedPage {
  readonly key: string;
  readonly file: Backing;
  readonly frame: number;
}

interface CachedFile {
  version: string;
  readonly keys: Set<string>;
}

/** Counters for the monitor and the tests. */
export interface PageCacheStats {
  /** Lookups answered from the cache. */
  hits: number;
  /** Pages read from a file into a new frame. */
  misses: number;
  /** Pages dropped: LRU eviction, a changed file, memory pressure, clear(). */
  evictions: number;
}

/** A bounded, LRU cache of read-only file pages in reference-counted frames. */
export class PageCache {
  private readonly pages = new Map<string, CachedPage>();
  private readonly files = new Map<Backing, CachedFile>();
  private readonly ids = new WeakMap<Backing, number>();
  private nextId = 1;
  readonly stats: PageCacheStats = { hits: 0, misses: 0, evictions: 0 };

  /** `capacity`: the most pages held at once (older ones are evicted first). */
  constructor(readonly frames: Frames, public capacity: number) {}

  /** Pages currently cached. */
  get size(): number {
    return this.pages.size;
  }

  /**
   * The frame holding `length` bytes (1..4096) of `file` at `offset`, zero-filled past them, with one
   * reference added for the caller, who must map it read-only. Undefined when `file` cannot be cached
   * (no contentVersion, or it answers undefined) or the cache has no room (capacity 0): the caller
   * then fills a private page itself. ENOMEM propagates from the frame allocator.
   */
  page(file: Backing, offset: number, length: number): number | undefined {
    const version = this.currentVersion(file);
    if (version === undefined) return undefined;
    const hit = this.lookup(file, offset, length);
    if (hit !== undefined) return hit;
    this.stats.misses++;
    const data = file.read(offset, length);
    const frame = this.frames.allocZeroed();
    if (data.length) this.frames.memory.writeBytes(frame, data.subarray(0, Math.min(length, PAGE)));
    while (this.pages.size >= this.capacity) this.evictOldest();
    // Looked up after the allocation: reclaim under memory pressure may have dropped the entry.
    let entry = this.files.get(file);
    if (!entry) {
      entry = { version, keys: new Set() };
      this.files.set(file, entry);
    }
    const key = this.keyOf(file, offset, length);
    entry.keys.add(key);
    this.pages.set(key, { key, file, frame });
    this.frames.ref(frame); // one reference for the cache, one for the caller
    return frame;
  }

  /**
   * Like `page` but never reads the file: the frame if that page is already cached and current
   * (a reference added for the caller), else undefined. Fault-around maps neighbours with it.
   */
  cached(file: Backing, offset: number, length: number): number | undefined {
    return this.currentVersion(file) === undefined ? undefined : this.lookup(file, offset, length);
  }

  /** `file`'s version if it can be cached, after dropping its pages if they are stale. */
  private currentVersion(file: Backing): string | undefined {
    if (this.capacity <= 0 || !file.contentVersion) return undefined;
    const version = file.contentVersion();
    if (version !== undefined && this.files.get(file)?.version !== version) this.invalidate(file);
    return version;
  }

  private lookup(file: Backing, offset: number, length: number): number | undefined {
    const key = this.keyOf(file, offset, length);
    const hit = this.pages.get(key);
    if (!hit) return undefined;
    this.stats.hits++;
    this.pages.delete(key); // re-insert: most recently used goes last
    this.pages.set(key, hit);
    this.frames.ref(hit.frame);
    return hit.frame;
  }

  private keyOf(file: Backing, offset: number, length: number): string {
    let id = this.ids.get(file);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(file, id);
    }
    return `${id}:${offset}:${length}`;
  }

  /** Drops every cached page of `file` (it changed or went away); mapped copies stay with their mappers. */
  invalidate(file: Backing): void {
    const entry = this.files.get(file);
    if (!entry) return;
    for (const key of entry.keys) {
      const p = this.pages.get(key);
      if (p) this.drop(p);
    }
    this.files.delete(file);
  }

  /**
   * Memory pressure: releases up to `pages` frames that only the cache holds (oldest first) and
   * returns how many went back to the allocator. Pages still mapped somewhere are kept: dropping
   * them would free nothing.
   */
  reclaim(pages: number): number {
    let freed = 0;
    for (const p of [...this.pages.values()]) {
      if (freed >= pages) break;
      if (this.frames.count(p.frame) !== 1) continue;
      this.forget(p);
      freed++;
    }
    return freed;
  }

  /** Drops every page (echo 3 > /proc/sys/vm/drop_caches); frames no one maps return to the allocator. */
  clear(): void {
    for (const p of [...this.pages.values()]) this.forget(p);
  }

  private evictOldest(): void {
    const oldest = this.pages.values().next().value;
    if (oldest) this.forget(oldest);
  }

  /** Removes `p` from the cache and its file's index. */
  private forget(p: CachedPage): void {
    const entry = this.files.get(p.file);
    if (entry) {
      entry.keys.delete(p.key);
      if (entry.keys.size === 0) this.files.delete(p.file);
    }
    this.drop(p);
  }

  private drop(p: CachedPage): void {
    this.pages.delete(p.key);
    this.stats.evictions++;
    this.frames.unref(p.frame);
  }
}
