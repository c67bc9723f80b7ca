import { markVolatile } from './support/screenshots';
import { chooseLanguage, livedInScene, openPage, sidebarPages } from './support/scenes';
import { expect, test } from './support/test';

// Every page as the user sees it, compared with the baselines in __screenshots__/ (see
// docs/development.md). After an intended change: npm run test:e2e:update-baselines
const SIZES = [
  { width: 1366, height: 860 },
  { width: 1024, height: 700 },
];
const HOW_TO_UPDATE =
  'differs from its baseline. If the change is intended, draw the baselines again with `npm run test:e2e:update-baselines` and commit them (docs/development.md, Screenshot tests)';

test.use({ timezoneId: 'UTC', locale: 'en-US' });

for (const language of ['en', 'zh-CN'] as const) {
  test(`every page looks as its baseline, in ${language}, light and dark, at 1366×860 and 1024×700`, async ({
    page,
    ui,
    fx,
  }) => {
    test.slow();
    await page.setViewportSize(SIZES[0]!);
    await livedInScene(page, fx, ui.url);
    await chooseLanguage(page, language);
    const pages = await sidebarPages(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      for (const size of SIZES) {
        await page.setViewportSize(size);
        for (const id of pages) {
          await openPage(page, id);
          // How many background jobs ran (and between which) depends on timing: the Activity
          // page is shown with the backups, which the scene decides.
          if (id === 'activity')
            await page.getByTestId('job-filter').getByRole('radio').nth(1).click();
          // No hover left on the sidebar link just clicked, no caret, settled layout.
          await page.mouse.move(size.width - 1, size.height - 1);
          await page.waitForTimeout(200);
          await markVolatile(page);
          const name = `${id}-${language}-${scheme}-${size.width}x${size.height}.png`;
          await expect.soft(page, `${name} ${HOW_TO_UPDATE}`).toHaveScreenshot(name, {
            mask: [
              page.locator('[data-volatile]'),
              page.locator('code[title]'),
              page.getByTestId('growth-chart'),
              page.getByTestId('job-filter'),
              page.getByTestId('toast'),
            ],
            animations: 'disabled',
            caret: 'hide',
          });
        }
      }
    }
  });
}
