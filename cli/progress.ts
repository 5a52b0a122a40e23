/** A one-line progress bar on stderr (only when it is a terminal, so pipes and CI logs stay clean). */
export interface ProgressBar {
  tick(label?: string): void;
  done(): void;
}

export function progressBar(total: number, quiet: boolean): ProgressBar {
  const live = !quiet && process.stderr.isTTY === true;
  let count = 0;
  const draw = (label: string) => {
    if (!live) return;
    const width = 30;
    const filled = total === 0 ? width : Math.round((count / total) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${label.slice(0, 40).padEnd(40)}`,
    );
  };
  return {
    tick(label = '') {
      count += 1;
      draw(label);
    },
    done() {
      if (live) process.stderr.write('\n');
    },
  };
}
