/** Reading dropped or picked files, and saving text as a download. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024

/** A browser recording (HTTP Archive), opened through the HAR importer rather than as a trace. */
export const isHarFile = (name: string): boolean => /\.har$/i.test(name)

export async function readFileText(file: File): Promise<string> {
  if (file.size > MAX_TRACE_BYTES) throw new Error(`${file.name} is ${(file.size / 1048576).toFixed(0)} MiB; the largest trace that can be opened this way is 64 MiB`)
  return file.text()
}

export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
