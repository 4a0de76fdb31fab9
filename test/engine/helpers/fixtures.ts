/**
 * Small app definitions shared by several semantic test files. Each function
 * returns a fresh object so tests can tweak a copy without affecting others.
 */
import type { App } from './engine-helpers.js'

/**
 * App 100 ("HR"): a GLOBAL item, an On New Instance counter, and three pages.
 * Page 1 is plain; page 2 has items with every storage; page 3 is a form with
 * a validation and branches.
 */
export function hrApp(): App {
  return {
    id: 100,
    alias: 'HR',
    name: 'HR',
    homePage: 1,
    items: [
      { name: 'G_SHARED', scope: 'GLOBAL' },
      { name: 'A_ONI_COUNT' },
      { name: 'A_PROTECTED', protection: 'I' },
    ],
    computations: [{ point: 'onNewInstance', item: 'A_ONI_COUNT', expression: 'TO_CHAR(NVL(TO_NUMBER(:A_ONI_COUNT), 0) + 1)' }],
    pages: [
      { id: 1, alias: 'home', name: 'Home', items: [{ name: 'P1_X' }, { name: 'P1_Y' }] },
      {
        id: 2,
        alias: 'store',
        name: 'Storage kinds',
        items: [
          { name: 'P2_SESSION' },
          { name: 'P2_REQUEST', storage: 'request' },
          { name: 'P2_USER', storage: 'user' },
          { name: 'P2_LOCKED', protection: 'I' },
        ],
        buttons: [{ name: 'SAVE' }],
      },
      {
        id: 3,
        alias: 'form',
        name: 'Form',
        items: [{ name: 'P3_NAME' }, { name: 'P3_AGE' }],
        buttons: [{ name: 'NEXT' }, { name: 'STAY' }],
        validations: [{ name: 'Name required', expression: ':P3_NAME IS NOT NULL', message: 'Name is required', item: 'P3_NAME', when: { button: 'NEXT' } }],
        branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:1:&SESSION.', when: { button: 'NEXT' } }],
      },
    ],
  }
}

/** App 200: shares G_SHARED (GLOBAL) with app 100, and has its own On New Instance counter. */
export function otherApp(): App {
  return {
    id: 200,
    alias: 'OTHER',
    name: 'Other',
    homePage: 1,
    items: [{ name: 'G_SHARED', scope: 'GLOBAL' }, { name: 'B_ONI_COUNT' }, { name: 'B_APP_ITEM' }],
    computations: [{ point: 'onNewInstance', item: 'B_ONI_COUNT', expression: 'TO_CHAR(NVL(TO_NUMBER(:B_ONI_COUNT), 0) + 1)' }],
    pages: [{ id: 1, name: 'Other home', items: [{ name: 'Q1_X' }, { name: 'Q1_SEES_SHARED', source: ':G_SHARED', sourceUsed: 'always' }] }],
  }
}
