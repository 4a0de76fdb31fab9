/** The flow graph's types, from the contract's timeline.flow answer (transport/api-types.ts stays as it is). */
import type { MethodResults } from '../../transport/api-types.js'

export type FlowGraph = MethodResults['timeline.flow']
export type FlowNode = FlowGraph['nodes'][number]
export type FlowEdge = FlowGraph['edges'][number]
