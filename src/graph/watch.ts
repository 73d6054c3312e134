/**
 * Watches a set of files for `preview`. Each file's folder is watched (not the file): editors that save by
 * writing a new file and renaming it over the old one (vim, JetBrains, VS Code's atomic save) replace the
 * inode a file watch would be bound to, while the folder sees every rename. Bursts are debounced.
 */
import { watch, type FSWatcher } from "node:fs";
import * as path from "node:path";

export class FileWatcher {
  private readonly watchers = new Map<string, { watcher: FSWatcher; names: Set<string> }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: () => void,
    private readonly debounceMs = 80,
  ) {}

  /** Watches exactly these files from now on (absolute paths). */
  set(files: readonly string[]): void {
    const wanted = new Map<string, Set<string>>();
    for (const f of files) {
      const dir = path.dirname(f);
      let names = wanted.get(dir);
      if (!names) wanted.set(dir, (names = new Set()));
      names.add(path.basename(f));
    }
    for (const [dir, w] of this.watchers) {
      if (!wanted.has(dir)) {
        w.watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, names] of wanted) {
      const existing = this.watchers.get(dir);
      if (existing) {
        existing.names = names;
        continue;
      }
      try {
        const entry = { watcher: undefined as unknown as FSWatcher, names };
        entry.watcher = watch(dir, { persistent: true }, (_event, filename) => {
          // some platforms give no file name: then any change in the folder counts
          if (filename === null || entry.names.has(String(filename))) this.schedule();
        });
        entry.watcher.on("error", () => {
          /* a folder that went away: the next render sets the list again */
        });
        this.watchers.set(dir, entry);
      } catch {
        // a folder that does not exist (yet): nothing to watch; the file's absence shows as a load error
      }
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.watcher.close();
    this.watchers.clear();
  }
}
