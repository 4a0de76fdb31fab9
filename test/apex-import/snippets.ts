/**
 * Small hand-written exports for tests: written to a temporary folder (never
 * into the repository) and imported like a user's file.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { ImportResult } from '../../src-main/apex-import/index.js'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import type { AppDefinition, Page } from '../../src-main/engine/model/app-definition.js'

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'apex-import-'))
}

/** An APEX 24.2-style single-file export of app 100 with the given page-level calls on page 1. */
export function exportWithPage(pageCalls: string, appCalls = ''): string {
  return [
    'prompt --application/set_environment',
    'begin',
    "wwv_flow_imp.import_begin(p_version_yyyy_mm_dd=>'2024.11.30', p_release=>'24.2.0', p_default_workspace_id=>1, p_default_application_id=>100, p_default_id_offset=>0, p_default_owner=>'X');",
    'end;',
    '/',
    'begin',
    "wwv_imp_workspace.create_flow(p_id=>wwv_flow.g_flow_id, p_name=>nvl(wwv_flow_application_install.get_application_name,'Snippet App'), p_alias=>'SNIP', p_max_session_idle_sec=>900, p_substitution_string_01=>'APP_NAME', p_substitution_value_01=>'Snippet App');",
    "wwv_flow_imp_shared.create_user_interface(p_id=>wwv_flow_imp.id(1), p_home_url=>'f?p=&APP_ID.:home:&SESSION.');",
    appCalls,
    'end;',
    '/',
    'begin',
    "wwv_flow_imp_page.create_page(p_id=>1, p_name=>'Home', p_alias=>'HOME');",
    pageCalls,
    'end;',
    '/',
  ].join('\n')
}

export async function importText(text: string, name = 'f100.sql'): Promise<ImportResult> {
  const dir = await tempDir()
  const file = join(dir, name)
  await writeFile(file, text)
  return importApexExport(file)
}

/** Imports a snippet and returns its app (validated) and page 1. */
export async function importPage(pageCalls: string, appCalls = ''): Promise<{ app: AppDefinition; page: Page; result: ImportResult }> {
  const result = await importText(exportWithPage(pageCalls, appCalls))
  const app = result.apps[0] as AppDefinition
  AppDefinitionSchema.parse(app)
  return { app, page: app.pages.find((p) => p.id === 1) as Page, result }
}
