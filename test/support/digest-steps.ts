/** Reads which escalation steps of which enquiries a digest's HTML part carries (`data-steps`). */
export function digestSteps(html: string): [reference: string, steps: string[]][] {
  return [...html.matchAll(/data-enquiry="(SEND-[0-9A-Z]{6})" data-steps="([^"]*)"/g)].map((match) => [
    match[1] ?? '',
    (match[2] ?? '').split(', ').filter((step) => step !== ''),
  ]);
}
