// A tiny typed publish/subscribe bus: devices emit output as events; the CLI and tests subscribe.
// Devices never talk to a terminal directly (v86 BusConnector). Platform-neutral.

/** Listener for one event type. */
export type Listener<T> = (payload: T) => void;

/**
 * Typed event bus. `Events` maps event names to payload types, e.g.
 * `{ "uart0.tx": number; "vga.text": void }`.
 */
export class EventBus<Events extends Record<string, unknown>> {
  private readonly listeners = new Map<keyof Events, Listener<never>[]>();

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof Events>(name: K, fn: Listener<Events[K]>): () => void {
    const list = this.listeners.get(name) ?? [];
    list.push(fn as Listener<never>);
    this.listeners.set(name, list);
    return () => {
      const l = this.listeners.get(name);
      if (l) l.splice(l.indexOf(fn as Listener<never>), 1);
    };
  }

  /** Delivers `payload` to every listener of `name`, in subscription order. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    for (const fn of list) (fn as Listener<Events[K]>)(payload);
  }
}
