import type { AppDefinition, PageDefinition, Step } from '../../transport/api-types.js'

export type { AppDefinition, PageDefinition, Step }
export type ValidationErrorLike = NonNullable<Step['errors']>[number]
