import type { PageDefinition, Step } from '../../transport/api-types.js'

export type { PageDefinition, Step }
export type ValidationErrorLike = NonNullable<Step['errors']>[number]
