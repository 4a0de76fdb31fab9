/** The app the crash-recovery child records against: one page, many items, one button. */
export const ITEMS = Array.from({ length: 24 }, (_, i) => `P1_ITEM_${String(i).padStart(2, '0')}`)

export const CRASH_APP = {
  id: 100,
  name: 'Crash recovery',
  homePage: 1,
  pages: [{ id: 1, name: 'Home', items: ITEMS.map((name) => ({ name })), buttons: [{ name: 'SAVE' }] }],
}
