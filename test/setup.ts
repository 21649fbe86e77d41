// Pin the terminal environment for every test (heroku/cli's test/helpers/init.mjs does the same).
process.env.NO_COLOR = '1'
delete process.env.FORCE_COLOR
process.env.COLUMNS = '100'
delete process.env.ERRCODE_CATALOG_PATH
delete process.env.ERRCODE_CONTENT_TYPE
