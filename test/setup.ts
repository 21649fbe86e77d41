// Pin the environment for every test (heroku/cli's test/helpers/init.mjs does the same), so a run behaves the
// same on a laptop and in CI: no colour, a fixed width, no team catalogs, and no CI variable (tests that are
// about CI's "never prompt" rule pass CI explicitly).
process.env.NO_COLOR = '1'
delete process.env.FORCE_COLOR
process.env.COLUMNS = '100'
delete process.env.CI
delete process.env.ERRCODE_CATALOG_PATH
delete process.env.ERRCODE_CONTENT_TYPE
