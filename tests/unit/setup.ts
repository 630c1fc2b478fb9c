// Dexie finds IndexedDB on globalThis; fake-indexeddb provides a real implementation in memory.
import 'fake-indexeddb/auto';
