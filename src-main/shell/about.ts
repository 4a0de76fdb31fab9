/** Help → About: the versions a bug report needs. */

export interface AboutVersions {
  app: string
  electron?: string
  chrome?: string
  node?: string
  v8?: string
  engineNode?: string
  traceFormats?: number[]
  platform: string
}

export function aboutDetail(v: AboutVersions): string {
  const lines = [
    `Version ${v.app}`,
    v.electron ? `Electron ${v.electron}` : null,
    v.chrome ? `Chromium ${v.chrome}` : null,
    v.node ? `Node.js ${v.node}` : null,
    v.v8 ? `V8 ${v.v8}` : null,
    v.engineNode ? `Engine process: Node.js ${v.engineNode}` : null,
    v.traceFormats ? `Trace format versions: ${v.traceFormats.join(', ')}` : null,
    `Platform: ${v.platform}`,
  ]
  return lines.filter((l): l is string => l !== null).join('\n')
}
