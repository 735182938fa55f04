// Public API of the buses.
export * from "./port_bus.ts";
export * from "./event_bus.ts";
