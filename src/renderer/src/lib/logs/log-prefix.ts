/** Prefixes for interleaved logs: a short name per source, coloured with ANSI so each pod reads apart. */

/** ANSI foreground colours that stay legible on dark and light backgrounds (no black, white or blue on blue). */
const PALETTE = [36, 33, 35, 32, 91, 94, 96, 93, 95, 92];

/**
 * podShortName drops the workload's name from a pod's name: `web-7d9f8c-x2k4q`
 * of Deployment `web` → `7d9f8c-x2k4q`. A name that does not start with it is kept.
 */
export function podShortName(podName: string, workloadName: string): string {
  const prefix = `${workloadName}-`;
  return podName.startsWith(prefix) && podName.length > prefix.length ? podName.slice(prefix.length) : podName;
}

/** PrefixColours hands each source a colour of its own, in order of arrival, stable for its lifetime. */
export class PrefixColours {
  private readonly assigned = new Map<string, number>();

  /** colourOf returns the ANSI SGR colour code for a source id. */
  colourOf(id: string): number {
    let c = this.assigned.get(id);
    if (c === undefined) {
      c = PALETTE[this.assigned.size % PALETTE.length] as number;
      this.assigned.set(id, c);
    }
    return c;
  }
}

/** prefixLine puts a coloured, padded `label │` in front of a line (the text keeps its own ANSI colours). */
export function prefixLine(label: string, colour: number, text: string, width = label.length): string {
  return `\x1b[${colour}m${label.padEnd(width)}\x1b[0m \x1b[2m│\x1b[0m ${text}`;
}
