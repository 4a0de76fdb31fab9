/**
 * Issue #16 settings from real exports: Rejoin Sessions, Session State
 * Protection, checksum salt, session cookie, page access protection C and
 * item Checksum Required. Expected values were read by hand from the export
 * files (file and line in each comment); counts are taken from the export
 * text with regular expressions, not with the importer.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { importApexExport } from '../../src-main/apex-import/index.js'
import type { AppDefinition, Page } from '../../src-main/engine/model/app-definition.js'
import { AppDefinitionSchema } from '../../src-main/engine/model/app-definition.js'
import { describeWithSharedFixtures, sharedFixture } from '../helpers/shared-fixtures.js'
import { F130_FILE, F130_FOLDER, F347_FOLDER, callBlocks, countIn, exportText } from './fixtures.js'
import { importPage, importText } from './snippets.js'

const page = (app: AppDefinition, id: number): Page => {
  const p = app.pages.find((x) => x.id === id)
  if (p === undefined) throw new Error(`no page ${id}`)
  return p
}

describeWithSharedFixtures('f130 (APEX 21.1): issue #16 settings', () => {
  let split: AppDefinition
  let single: AppDefinition
  beforeAll(async () => {
    split = (await importApexExport(F130_FOLDER)).apps[0] as AppDefinition
    single = (await importApexExport(F130_FILE)).apps[0] as AppDefinition
  })

  it('reads the application attributes (create_application.sql lines 22, 23, 55; the current scheme application_express_accounts.sql line 20)', () => {
    for (const app of [split, single]) {
      expect(app.settings?.rejoinSessions).toBe('public')
      expect(app.sessionStateProtection).toBe(true)
      expect(app.checksumSalt).toBe('836D6BF7643D3434F10DF2E8E5491F9D8713FEDC040533DF11764FB6AE6F7B0F')
      expect(app.sessionCookie).toEqual({ name: 'ORA_WWV_PACKAGED_APPLICATIONS' })
      AppDefinitionSchema.parse(app)
    }
  })

  it('page 4: access protection C mapped to argumentsMustHaveChecksum (enforced, no note), Rejoin Sessions disabled (page_00004.sql lines 166, 168)', () => {
    expect(page(split, 4)).toMatchObject({ protection: 'N', argumentsMustHaveChecksum: true, settings: { rejoinSessions: 'disabled' } })
    expect((page(split, 4) as Record<string, unknown>).protectionNote).toBeUndefined()
  })

  it('items keep Checksum Required as checksumRequired, with no "not enforced" note (page_00004.sql P4_JOB_STATUS: B; last_view.sql: S)', () => {
    const item = page(split, 4).items?.find((i) => i.name === 'P4_JOB_STATUS')
    expect(item).toMatchObject({ protection: 'N', checksumRequired: 'application' })
    expect((item as Record<string, unknown>).protectionNote).toBeUndefined()
    expect(split.items?.find((i) => i.name === 'LAST_VIEW')).toMatchObject({ protection: 'N', checksumRequired: 'session' })
  })

  it('Rejoin Sessions is mapped without a "not simulated" note (the engine applies it)', () => {
    expect(split.settings?.rejoinSessions).toBe('public')
    expect((split as Record<string, unknown>).rejoinSessionsNote).toBeUndefined()
  })

  it('maps every page with C and every item with B, P or S (counts from the export text)', () => {
    const text = exportText(F130_FOLDER)
    const pagesC = countIn(callBlocks(text, 'create_page'), /p_protection_level=>'C'/)
    const itemLevels = [...callBlocks(text, 'create_page_item'), ...callBlocks(text, 'create_flow_item')].filter((b) => /p_protection_level=>'[BPS]'/.test(b)).length
    expect(split.pages.filter((p) => p.argumentsMustHaveChecksum === true)).toHaveLength(pagesC)
    const items = [...(split.items ?? []), ...split.pages.flatMap((p) => p.items ?? [])]
    expect(items.filter((i) => i.checksumRequired !== undefined)).toHaveLength(itemLevels)
    expect(pagesC).toBeGreaterThan(0)
    expect(itemLevels).toBeGreaterThan(0)
  })
})

describeWithSharedFixtures('f347 (APEX 24.2) and Sample Reporting: issue #16 settings', () => {
  let f347: AppDefinition
  let reporting: AppDefinition
  beforeAll(async () => {
    f347 = (await importApexExport(F347_FOLDER)).apps[0] as AppDefinition
    reporting = (await importApexExport(sharedFixture('oracle-samples-24.2/sample-reporting.sql'))).apps[0] as AppDefinition
  })

  it('f347: Rejoin Sessions disabled, SSP on with its salt, no cookie name (create_application.sql lines 20, 21, 49)', () => {
    expect(f347.settings?.rejoinSessions).toBe('disabled')
    expect(f347.sessionStateProtection).toBe(true)
    expect(f347.checksumSalt).toBe('A6E3BB2D2DE19934A5B6DE8C58FA65422D49912864CE2CE84F77196DBC8E0268')
    // The current scheme (Builder Extension Sign-In) names no cookie.
    expect(f347.sessionCookie).toBeUndefined()
    expect((f347 as Record<string, unknown>).rejoinSessionsNote).toBeUndefined()
  })

  it('f347: page 0 keeps D (enforced), page 700 maps C (page_00000.sql line 20, page_00700.sql line 21)', () => {
    expect(page(f347, 0)).toMatchObject({ protection: 'D' })
    expect(page(f347, 0).argumentsMustHaveChecksum).toBeUndefined()
    expect(page(f347, 700)).toMatchObject({ protection: 'N', argumentsMustHaveChecksum: true })
  })

  it('Sample Reporting: Rejoin Sessions public, SSP on (sample-reporting.sql lines 94, 95, 125)', () => {
    expect(reporting.settings?.rejoinSessions).toBe('public')
    expect(reporting.sessionStateProtection).toBe(true)
    expect(reporting.checksumSalt).toBe('42E50F302367D1E2E016C8B34E273DF9FD76F2CF944B1C5720CF66E1B7A610BC')
  })
})

describe('hand-written snippets: every code', () => {
  it('Rejoin Sessions Y is all, on the app and on a page', async () => {
    const { app, page: p } = await importPage(
      "wwv_flow_imp_page.create_page(p_id=>2, p_name=>'Two', p_rejoin_existing_sessions=>'Y');",
    )
    expect(app.settings?.rejoinSessions).toBeUndefined()
    expect(p.settings).toBeUndefined()
    expect(app.pages.find((x) => x.id === 2)?.settings).toEqual({ rejoinSessions: 'all' })
    expect((app as Record<string, unknown>).rejoinSessionsNote).toBeUndefined()
  })

  it('item protection P is the user scope; I stays enforced; N has no checksum', async () => {
    const { page: p } = await importPage(
      [
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(11), p_name=>'P1_U', p_item_sequence=>10, p_protection_level=>'P');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(12), p_name=>'P1_I', p_item_sequence=>20, p_protection_level=>'I');",
        "wwv_flow_imp_page.create_page_item(p_id=>wwv_flow_imp.id(13), p_name=>'P1_N', p_item_sequence=>30);",
      ].join('\n'),
    )
    expect(p.items?.map((i) => [i.name, i.protection, i.checksumRequired ?? null])).toEqual([
      ['P1_U', 'N', 'user'],
      ['P1_I', 'I', null],
      ['P1_N', 'N', null],
    ])
  })

  it('an export without p_page_protection_enabled_y_n has SSP off; without a cookie name, no sessionCookie', async () => {
    const { app } = await importPage('')
    expect(app.sessionStateProtection).toBe(false)
    expect(app.sessionCookie).toBeUndefined()
  })

  it('the current authentication scheme names the cookie, with its path', async () => {
    const text = [
      "wwv_flow_imp_shared.create_authentication(p_id=>wwv_flow_imp.id(5), p_name=>'Other', p_scheme_type=>'NATIVE_APEX_ACCOUNTS', p_cookie_name=>'NOT_THIS');",
      "wwv_flow_imp_shared.create_authentication(p_id=>wwv_flow_imp.id(6), p_name=>'Shared', p_scheme_type=>'NATIVE_APEX_ACCOUNTS', p_cookie_name=>'SUITE', p_cookie_path=>'/ords/');",
    ].join('\n')
    const { app } = await importPage('', text)
    // The snippet's create_flow names no scheme: nothing is current.
    expect(app.sessionCookie).toBeUndefined()
    const withFlow = (await importText(
      [
        'begin',
        "wwv_flow_imp.import_begin(p_version_yyyy_mm_dd=>'2024.11.30', p_release=>'24.2.0', p_default_workspace_id=>1, p_default_application_id=>100, p_default_id_offset=>0, p_default_owner=>'X');",
        "wwv_imp_workspace.create_flow(p_id=>wwv_flow.g_flow_id, p_name=>'A', p_authentication_id=>wwv_flow_imp.id(6), p_rejoin_existing_sessions=>'Q');",
        text,
        "wwv_flow_imp_page.create_page(p_id=>1, p_name=>'Home');",
        'end;',
        '/',
      ].join('\n'),
    ))
    const a = withFlow.apps[0] as AppDefinition
    expect(a.sessionCookie).toEqual({ name: 'SUITE', path: '/ords/' })
    // An unknown Rejoin Sessions code is reported and left out.
    expect(a.settings?.rejoinSessions).toBeUndefined()
    expect(withFlow.problems.map((p) => p.message)).toContain('Rejoin Sessions code Q is not one APEX documents (N, P, Y); the application default (disabled) is used')
  })
})
