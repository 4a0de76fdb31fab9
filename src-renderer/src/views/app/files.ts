/** Reading dropped or picked files, and saving text as a download. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024

/** A browser recording (HTTP Archive), opened through the HAR importer rather than as a trace. */
export const isHarFile = (name: string): boolean => /\.har$/i.test(name)

/**
 * Why a picked or dropped file is refused, and how to open it anyway: by path,
 * where the engine streams it from disk with a progress bar (a page can only
 * hand the engine the whole text at once).
 */
export function tooBigToPick(name: string, bytes: number): string {
  return (
    `${name} is ${(bytes / 1048576).toFixed(0)} MiB; the largest trace a page can open from the picker or a drop is ${MAX_TRACE_BYTES / 1048576} MiB. ` +
    `Open it by path instead: start the browser host with the file (npm run web -- ${name}, with the file's full path), ` +
    'or use Open… in the desktop app (its dialog opens files of any size, streamed with progress).'
  )
}

export async function readFileText(file: File): Promise<string> {
  if (file.size > MAX_TRACE_BYTES) throw new Error(tooBigToPick(file.name, file.size))
  return file.text()
}

export function downloadText(name: string, text: string, type = 'application/x-ndjson'): void {
  downloadBlob(name, new Blob([text], { type }))
}

/** Hands a file to the browser's downloads (a Blob URL: downloads are outside the hosts' CSP), revoked once the browser took it. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
