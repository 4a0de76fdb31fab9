/**
 * The applications of generated traces: three apps with many pages and items
 * covering what session state does — Per Session, Per Request and Per User
 * storage, APP and GLOBAL application items, defaults and sources, On New
 * Instance and After Authentication computations, validations, setItems,
 * clear-cache and insertRow processes, redirect branches with clear-cache
 * tokens. The generator's journeys and its recorded-effects synthesizer both
 * read these definitions, so both kinds of trace touch the same names.
 */
import type { AppDefinition } from '../../src-main/engine/model/app-definition.js'

const shop: AppDefinition = {
  id: 200,
  alias: 'SHOP',
  name: 'Shop',
  homePage: 1,
  tables: [{ name: 'ORDERS', columns: ['ORDER_ID', 'CUSTOMER', 'EMAIL', 'PRODUCT', 'QTY'] }],
  items: [{ name: 'G_CART_COUNT' }, { name: 'G_ORDER_SEQ' }, { name: 'G_CURRENCY', storage: 'user' }, { name: 'G_THEME', scope: 'GLOBAL' }],
  computations: [
    { point: 'onNewInstance', item: 'G_CART_COUNT', expression: "'0'" },
    { point: 'onNewInstance', item: 'G_ORDER_SEQ', expression: "'1000'" },
    { point: 'afterLogin', item: 'G_CURRENCY', expression: "NVL(:G_CURRENCY, 'EUR')" },
  ],
  pages: [
    {
      id: 1,
      alias: 'home',
      name: 'Home',
      items: [{ name: 'P1_SEARCH', label: 'Search' }],
      buttons: [{ name: 'SEARCH' }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:10:&SESSION.::NO::P10_QUERY:&P1_SEARCH.', when: { button: 'SEARCH' } }],
    },
    {
      id: 10,
      alias: 'catalog',
      name: 'Catalog',
      items: [
        { name: 'P10_QUERY', label: 'Query' },
        { name: 'P10_PAGE', default: "'1'" },
        { name: 'P10_PRODUCT', label: 'Product' },
        { name: 'P10_HITS', storage: 'request', source: "'42'", sourceUsed: 'always' },
      ],
      buttons: [{ name: 'ADD' }, { name: 'NEXT' }],
      processes: [
        { name: 'Add to cart', point: 'processing', type: 'setItems', items: { G_CART_COUNT: "TO_NUMBER(NVL(:G_CART_COUNT, '0')) + 1", P20_PRODUCT: ':P10_PRODUCT' }, when: { button: 'ADD' } },
        { name: 'Next page', point: 'processing', type: 'setItems', items: { P10_PAGE: "TO_NUMBER(NVL(:P10_PAGE, '1')) + 1" }, when: { button: 'NEXT' } },
      ],
      branches: [
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:20:&SESSION.', when: { button: 'ADD' } },
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:10:&SESSION.', when: { button: 'NEXT' } },
      ],
    },
    {
      id: 20,
      alias: 'cart',
      name: 'Cart',
      items: [{ name: 'P20_PRODUCT' }, { name: 'P20_QTY', default: "'1'" }],
      buttons: [{ name: 'CHECKOUT' }, { name: 'EMPTY' }],
      validations: [{ name: 'Quantity', expression: 'TO_NUMBER(:P20_QTY) > 0', message: 'Quantity must be a positive number.', item: 'P20_QTY', when: { button: 'CHECKOUT' } }],
      processes: [
        { name: 'Empty cart', point: 'processing', type: 'clearCache', tokens: '20', when: { button: 'EMPTY' } },
        { name: 'Reset count', point: 'processing', type: 'setItems', items: { G_CART_COUNT: "'0'" }, when: { button: 'EMPTY' } },
      ],
      branches: [
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:30:&SESSION.', when: { button: 'CHECKOUT' } },
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:10:&SESSION.', when: { button: 'EMPTY' } },
      ],
    },
    {
      id: 30,
      alias: 'checkout',
      name: 'Checkout',
      items: [{ name: 'P30_NAME' }, { name: 'P30_EMAIL' }, { name: 'P30_ADDRESS' }, { name: 'P30_NOTE', storage: 'request' }],
      buttons: [{ name: 'PLACE' }, { name: 'BACK' }],
      validations: [
        { name: 'Name', expression: ':P30_NAME IS NOT NULL', message: 'Enter your name.', item: 'P30_NAME', when: { button: 'PLACE' } },
        { name: 'Email', expression: ":P30_EMAIL LIKE '%@%'", message: 'Enter a valid email address.', item: 'P30_EMAIL', when: { button: 'PLACE' } },
      ],
      processes: [
        {
          name: 'Place order',
          point: 'processing',
          type: 'insertRow',
          table: 'ORDERS',
          columns: { ORDER_ID: ':G_ORDER_SEQ', CUSTOMER: ':P30_NAME', EMAIL: ':P30_EMAIL', PRODUCT: ':P20_PRODUCT', QTY: ':P20_QTY' },
          when: { button: 'PLACE' },
        },
        { name: 'Order number', point: 'processing', type: 'setItems', items: { P40_ORDER_ID: ':G_ORDER_SEQ', G_ORDER_SEQ: 'TO_NUMBER(:G_ORDER_SEQ) + 1' }, when: { button: 'PLACE' } },
      ],
      branches: [
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:40:&SESSION.::NO:20,30', when: { button: 'PLACE' } },
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:20:&SESSION.', when: { button: 'BACK' } },
      ],
    },
    {
      id: 40,
      alias: 'thanks',
      name: 'Confirmation',
      items: [{ name: 'P40_ORDER_ID' }],
      computations: [{ point: 'beforeHeader', item: 'G_CART_COUNT', expression: "'0'" }],
    },
  ],
}

const support: AppDefinition = {
  id: 300,
  alias: 'HELP',
  name: 'Support desk',
  homePage: 1,
  items: [{ name: 'G_TICKETS' }, { name: 'G_SIGNATURE', storage: 'user' }],
  computations: [{ point: 'onNewInstance', item: 'G_TICKETS', expression: "'0'" }],
  pages: [
    { id: 1, alias: 'desk', name: 'Desk', items: [{ name: 'P1_FILTER', default: "'OPEN'" }] },
    {
      id: 5,
      alias: 'ticket',
      name: 'New ticket',
      items: [
        { name: 'P5_SUBJECT', label: 'Subject' },
        { name: 'P5_BODY', label: 'Description' },
        { name: 'P5_PRIORITY', default: "'LOW'" },
        { name: 'P5_PREVIEW', storage: 'request', source: "UPPER(:P5_SUBJECT)", sourceUsed: 'always' },
      ],
      buttons: [{ name: 'CREATE' }, { name: 'CANCEL' }],
      validations: [{ name: 'Subject', expression: ':P5_SUBJECT IS NOT NULL', message: 'Enter a subject.', item: 'P5_SUBJECT', when: { button: 'CREATE' } }],
      processes: [{ name: 'Count', point: 'processing', type: 'setItems', items: { G_TICKETS: "TO_NUMBER(NVL(:G_TICKETS, '0')) + 1", P6_LAST: ':P5_SUBJECT' }, when: { button: 'CREATE' } }],
      branches: [
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:6:&SESSION.::NO:5', when: { button: 'CREATE' } },
        { point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:1:&SESSION.::NO:5', when: { button: 'CANCEL' } },
      ],
    },
    {
      id: 6,
      alias: 'tickets',
      name: 'Tickets',
      items: [{ name: 'P6_LAST' }, { name: 'P6_STATUS', default: "'NEW'" }],
      buttons: [{ name: 'CLOSE' }],
      processes: [{ name: 'Close all', point: 'processing', type: 'clearCache', tokens: '6', when: { button: 'CLOSE' } }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:1:&SESSION.', when: { button: 'CLOSE' } }],
    },
  ],
}

const hr: AppDefinition = {
  id: 100,
  alias: 'HR',
  name: 'Onboarding',
  homePage: 1,
  items: [{ name: 'G_EMP_COUNT' }],
  computations: [{ point: 'onNewInstance', item: 'G_EMP_COUNT', expression: "'0'" }],
  pages: [
    {
      id: 1,
      alias: 'employees',
      name: 'Employees',
      buttons: [{ name: 'ADD' }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:43:&SESSION.::NO:43,44', when: { button: 'ADD' } }],
    },
    {
      id: 43,
      alias: 'employee',
      name: 'Employee',
      items: [{ name: 'P43_ENAME' }, { name: 'P43_EMAIL' }],
      buttons: [{ name: 'NEXT' }],
      validations: [{ name: 'Name', expression: ':P43_ENAME IS NOT NULL', message: "Enter the employee's name.", item: 'P43_ENAME', when: { button: 'NEXT' } }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:44:&SESSION.', when: { button: 'NEXT' } }],
    },
    {
      id: 44,
      alias: 'job',
      name: 'Job',
      items: [{ name: 'P44_JOB', default: "'CLERK'" }, { name: 'P44_SAL' }],
      buttons: [{ name: 'FINISH' }],
      processes: [{ name: 'Count', point: 'processing', type: 'setItems', items: { G_EMP_COUNT: 'TO_NUMBER(:G_EMP_COUNT) + 1' }, when: { button: 'FINISH' } }],
      branches: [{ point: 'afterProcessing', type: 'redirect', target: 'f?p=&APP_ID.:1:&SESSION.::NO:43,44', when: { button: 'FINISH' } }],
    },
  ],
}

export const GENERATOR_APPS: readonly AppDefinition[] = [hr, shop, support]

/** A form a journey can fill: page, the button to press, and the items it posts (with a value kind). */
export interface FormSpec {
  app: number
  page: number
  button: string
  /** Page reached by the button's redirect (for the journey's own bookkeeping). */
  next: number
  values: Record<string, ValueKind>
  /** Extra clear-cache tokens of the redirect. */
  clear?: string
}

export type ValueKind = 'name' | 'email' | 'text' | 'qty' | 'product' | 'query' | 'address' | 'salary' | 'priority'

export const FORMS: readonly FormSpec[] = [
  { app: 100, page: 1, button: 'ADD', next: 43, values: {}, clear: '43,44' },
  { app: 100, page: 43, button: 'NEXT', next: 44, values: { P43_ENAME: 'name', P43_EMAIL: 'email' } },
  { app: 100, page: 44, button: 'FINISH', next: 1, values: { P44_JOB: 'text', P44_SAL: 'salary' }, clear: '43,44' },
  { app: 200, page: 1, button: 'SEARCH', next: 10, values: { P1_SEARCH: 'query' } },
  { app: 200, page: 10, button: 'ADD', next: 20, values: { P10_PRODUCT: 'product' } },
  { app: 200, page: 10, button: 'NEXT', next: 10, values: {} },
  { app: 200, page: 20, button: 'CHECKOUT', next: 30, values: { P20_QTY: 'qty' } },
  { app: 200, page: 20, button: 'EMPTY', next: 10, values: {} },
  { app: 200, page: 30, button: 'PLACE', next: 40, values: { P30_NAME: 'name', P30_EMAIL: 'email', P30_ADDRESS: 'address', P30_NOTE: 'text' }, clear: '20,30' },
  { app: 200, page: 30, button: 'BACK', next: 20, values: {} },
  { app: 300, page: 5, button: 'CREATE', next: 6, values: { P5_SUBJECT: 'text', P5_BODY: 'text', P5_PRIORITY: 'priority' }, clear: '5' },
  { app: 300, page: 5, button: 'CANCEL', next: 1, values: {}, clear: '5' },
  { app: 300, page: 6, button: 'CLOSE', next: 1, values: {} },
]
