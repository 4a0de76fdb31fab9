/** Small user preferences kept by the shell (the theme), in the user-data folder. */
import { z } from 'zod'
import { readJsonFile, writeJsonFileAtomic } from './json-file.js'
import type { ThemeChoice } from './commands.js'

export const PreferencesSchema = z.object({ theme: z.enum(['system', 'light', 'dark']).default('system') })
export type Preferences = z.output<typeof PreferencesSchema>

export class PreferencesFile {
  private prefs: Preferences

  constructor(private readonly file: string) {
    this.prefs = readJsonFile(file, PreferencesSchema, { theme: 'system' })
  }

  get theme(): ThemeChoice {
    return this.prefs.theme
  }

  setTheme(theme: ThemeChoice): void {
    this.prefs = { ...this.prefs, theme }
    try {
      writeJsonFileAtomic(this.file, this.prefs)
    } catch {
      // A preference that cannot be saved still applies for this run.
    }
  }
}
