#!/usr/bin/env python3
"""Writes the committed hostile firm files (firms/) and their expected
outcomes (manifest.tsv). Run from anywhere; it writes next to itself.
The large and deep inputs (100 MB, 10,000-deep nesting), a directory where a
file is expected and unreadable files are made by the tests instead
(tests/engine/profile/hostile_input_test.cc, tests/tools/hostile_screen_test.cc).
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
U = '"uscc": "91441900MA4UH3K265"'
N = '"name": "东莞市测试有限公司"'


def base(extra=''):
    return '{' + U + ', ' + N + (', ' + extra if extra else '') + '}\n'


def b(s):
    return s.encode('utf-8')


# name: (bytes, outcome, field, substring of the English reason)
F = {}
# Encoding.
F['utf8-bad-bytes-in-string.json'] = (b('{' + U + ', "name": "东莞') + b'\xff\xfe' + b('测试"}\n'), 'error', '', 'not valid JSON')
F['utf8-truncated-sequence.json'] = (b('{' + U + ', "name": "') + b('东')[:2] + b'"}\n', 'error', '', 'not valid JSON')
F['utf8-overlong-slash.json'] = (b('{' + U + ', "name": "a') + b'\xc0\xaf"}\n', 'error', '', 'not valid JSON')
F['utf8-bad-bytes-in-key.json'] = (b'{"\xe4\xb8": 1, ' + b(U) + b'}\n', 'error', '', 'not valid JSON')
F['utf8-lone-surrogate-escape.json'] = (b('{' + U + ', "name": "a\\ud800b"}\n'), 'error', '', 'not valid JSON')
F['bom.json'] = (b'\xef\xbb\xbf' + b(base()), 'ok', '', '')
F['bom-twice.json'] = (b'\xef\xbb\xbf\xef\xbb\xbf' + b(base()), 'error', '', 'not valid JSON')
F['crlf.json'] = (b(base('"revenue": {"2024": 1000000},\n "employees": {"2024": 12}').replace('\n', '\r\n')), 'ok', '', '')
F['nul-byte-in-string.json'] = (b('{' + U + ', "name": "a') + b'\x00' + b('b"}\n'), 'error', 'name', 'NUL byte')
F['nul-byte-after-object.json'] = (b(base()) + b'\x00' + b(base('"revenue": {"2024": 1}')), 'error', '', 'NUL byte')
F['nul-escape-and-specials-in-name.json'] = (b('{' + U + ', "name": "a\\u0000b \\"q\\" \\\\ \\n\\t \\u2028 </script><b>,;"}\n'), 'ok', '', '')
F['name-spreadsheet-formula.json'] = (b('{' + U + ', "name": "=HYPERLINK(\\"http://evil.example\\", \\"点我\\")"}\n'), 'ok', '', '')
# Structure.
F['empty.json'] = (b'', 'error', '', 'not valid JSON')
F['whitespace-only.json'] = (b'  \n\t\r\n', 'error', '', 'not valid JSON')
F['top-level-array.json'] = (b'[' + b(base()) + b']', 'error', '', 'top level must be a JSON object')
F['top-level-string.json'] = (b'"firm"', 'error', '', 'top level must be a JSON object')
F['top-level-null.json'] = (b'null', 'error', '', 'top level must be a JSON object')
F['two-objects.json'] = (b(base()) * 2, 'error', '', 'not valid JSON')
F['truncated.json'] = (b(base('"revenue": {"2024": 10'))[:-4], 'error', '', 'not valid JSON')
F['trailing-comma.json'] = (b(base('"revenue": {"2024": 10,}')), 'error', '', 'not valid JSON')
F['comment.json'] = (b('{' + U + ', // note\n' + N + '}'), 'error', '', 'not valid JSON')
F['single-quotes.json'] = (b"{'uscc': '91441900MA4UH3K265'}", 'error', '', 'not valid JSON')
F['deep-nesting-300.json'] = (b('{' + U + ', "projects": ' + '[' * 300 + ']' * 300 + '}'), 'error', 'projects', 'nested more than')
F['duplicate-key.json'] = (b(base('"revenue": {"2024": 1}, "revenue": {"2024": 2}')), 'error', 'revenue', 'duplicate key')
F['duplicate-key-by-label.json'] = (b(base('"营业收入": {"2024": 1}, "revenue": {"2024": 2}')), 'error', 'revenue', 'field given twice')
F['duplicate-year.json'] = (b(base('"revenue": {"2024": 1, "2024": 2}')), 'error', 'revenue.2024', 'duplicate key')
F['duplicate-key-in-record.json'] = (b(base('"penalties": [{"amount": 1, "amount": 2}]')), 'error', 'penalties[0].amount', 'duplicate key')
F['series-key-not-a-year.json'] = (b(base('"revenue": {"last year": 5}')), 'error', 'revenue.last year', 'not a year')
F['unknown-field-only.json'] = (b(base('"revenu": {"2024": 5}')), 'ok', '', '')
# Exporter habits the fast reader takes (bench/exporter_styles.sh).
F['exporter-members-of-no-field.json'] = (b(base('"source_system": {"by": "一企一档", "at": [2025, 6, 1.5, null, true]}, "batch": "2025-06"')), 'ok', '', '')
F['exporter-java-doubles.json'] = (b(base('"registered_capital": 2.5E7, "revenue": {"2023": 1.0E7, "2024": 3.25e+7}')), 'ok', '', '')
F['exporter-python-ascii-label-keys.json'] = (b('{"\\u7edf\\u4e00\\u793e\\u4f1a\\u4fe1\\u7528\\u4ee3\\u7801": "91441900MA4UH3K265", '
                                                '"\\u4f01\\u4e1a\\u540d\\u79f0": "\\u4e1c\\u839e\\u5e02\\u6d4b\\u8bd5\\u6709\\u9650\\u516c\\u53f8"}\n'), 'ok', '', '')
F['exporter-line-break-in-scope.json'] = (b(base('"business_scope": "第一行\\n第二行\\r\\n第三行"')), 'ok', '', '')
# Numbers.
F['number-1e400.json'] = (b(base('"revenue": {"2024": 1e400}')), 'error', 'revenue.2024', 'too large or too precise to hold exactly')
F['number-1e-400.json'] = (b(base('"rd_expense": {"2024": 1e-400}')), 'error', 'rd_expense.2024', '')
F['number-minus-zero.json'] = (b(base('"revenue": {"2024": -0}, "registered_capital": -0.0')), 'ok', '', '')
F['number-26-digits.json'] = (b(base('"revenue": {"2024": 99999999999999999999999999}')), 'ok', '', '')
F['number-26-digits-in-string.json'] = (b(base('"revenue": {"2024": "99999999999999999999999999"}')), 'ok', '', '')
F['number-40-digits.json'] = (b(base('"revenue": {"2024": ' + '9' * 40 + '}')), 'error', 'revenue.2024', 'digits')
F['number-40-digits-in-string.json'] = (b(base('"revenue": {"2024": "' + '9' * 40 + '"}')), 'error', 'revenue.2024', 'digits')
F['number-60-fraction-digits.json'] = (b(base('"revenue": {"2024": 1.' + '0' * 60 + '1}')), 'error', 'revenue.2024', 'digits')
F['number-nan.json'] = (b(base('"revenue": {"2024": NaN}')), 'error', '', 'not valid JSON')
F['number-infinity.json'] = (b(base('"revenue": {"2024": Infinity}')), 'error', '', 'not valid JSON')
F['number-minus-infinity.json'] = (b(base('"revenue": {"2024": -Infinity}')), 'error', '', 'not valid JSON')
F['number-nan-in-string.json'] = (b(base('"revenue": {"2024": "NaN"}')), 'error', 'revenue.2024', 'not a decimal number')
F['number-hex.json'] = (b(base('"revenue": {"2024": 0x10}')), 'error', '', 'not valid JSON')
F['number-leading-plus.json'] = (b(base('"revenue": {"2024": +5}')), 'error', '', 'not valid JSON')
F['money-negative.json'] = (b(base('"revenue": {"2024": -5000}')), 'error', 'revenue.2024', 'below the minimum')
F['money-negative-in-string.json'] = (b(base('"revenue": {"2024": "-5000.00"}')), 'error', 'revenue.2024', 'below the minimum')
F['money-negative-profit.json'] = (b(base('"profit": {"2024": -5000}')), 'ok', '', '')
F['money-negative-in-record.json'] = (b(base('"penalties": [{"amount": -1}]')), 'error', 'penalties[0].amount', 'below the minimum')
F['count-negative.json'] = (b(base('"employees": {"2024": -12}')), 'error', 'employees.2024', 'cannot be negative')
F['count-fraction.json'] = (b(base('"employees": {"2024": 12.5}')), 'error', 'employees.2024', 'whole number')
F['percent-as-whole-number.json'] = (b(base('"rd_expense_ratio": {"2024": 3}')), 'error', 'rd_expense_ratio.2024', 'above the maximum')
# Dates.
F['date-feb-30.json'] = (b(base('"established_date": "2023-02-30"')), 'error', 'established_date', 'not a real calendar date')
F['date-month-13.json'] = (b(base('"established_date": "2023-13-01"')), 'error', 'established_date', 'not a real calendar date')
F['date-feb-29-not-leap.json'] = (b(base('"established_date": "2023-02-29"')), 'error', 'established_date', 'not a real calendar date')
F['date-year-0000.json'] = (b(base('"established_date": "0000-01-01"')), 'error', 'established_date', 'not a real calendar date')
F['date-slashes.json'] = (b(base('"established_date": "2023/01/05"')), 'error', 'established_date', 'not a date of the form')
F['date-as-number.json'] = (b(base('"established_date": 20230105')), 'error', 'established_date', 'expected a date')
F['date-in-record.json'] = (b(base('"penalties": [{"date": "2024-02-30"}]')), 'error', 'penalties[0].date', 'not a real calendar date')
# Other values.
F['uscc-check-character.json'] = (b'{"uscc": "91441900MA4UH3K266"}', 'error', 'uscc', 'invalid unified social credit code')
F['enum-unknown-town.json'] = (b(base('"town": "火星镇"')), 'error', 'town', 'not an allowed value')
# Limits (engine::FirmLimits defaults).
F['limit-long-string.json'] = (b('{' + U + ', "name": "' + '东' * 100000 + '"}'), 'error', 'name', 'longer than the limit')
F['limit-long-list.json'] = (b('{' + U + ', "penalties": [' + ','.join(['{}'] * 20000) + ']}'), 'error', 'penalties', 'items')
# Wrong types, one per field group (the tests also try every field).
WRONG = [
    ('registration', '"independent_legal_person": "是"', 'independent_legal_person', 'expected true or false'),
    ('industry', '"industry_code": 3974', 'industry_code', 'expected a GB/T 4754-2017'),
    ('size', '"employees": 236', 'employees', 'expected an object mapping years'),
    ('finance', '"revenue": {"2024": {"amount": 5, "currency": "CNY"}}', 'revenue.2024', 'expected an amount'),
    ('social-insurance', '"unemployment_insurance_months": [86]', 'unemployment_insurance_months', 'expected a whole number'),
    ('commerce', '"independent_site": 1', 'independent_site', 'expected true or false'),
    ('digital', '"digital_level": true', 'digital_level', 'expected one of'),
    ('credit', '"serious_dishonesty": "false"', 'serious_dishonesty', 'expected true or false'),
    ('titles', '"titles": {"name": "专精特新"}', 'titles', 'expected an array of objects'),
    ('ip', '"invention_patents": "12件"', 'invention_patents', 'not a decimal number'),
    ('capital-market', '"listing_status": ["上市"]', 'listing_status', 'expected one of'),
    ('benefits', '"benefits_received": [5]', 'benefits_received[0]', 'expected an object'),
    ('projects', '"projects": [{"name": "x", "investment": "很多"}]', 'projects[0].investment', 'not a decimal number'),
]
for group, extra, field, reason in WRONG:
    F['wrong-type-%s.json' % group] = (b(base(extra)), 'error', field, reason)

os.makedirs(os.path.join(HERE, 'firms'), exist_ok=True)
rows = []
for name in sorted(F):
    data, outcome, field, reason = F[name]
    with open(os.path.join(HERE, 'firms', name), 'wb') as f:
        f.write(data)
    rows.append('\t'.join([name, outcome, field, reason]))
with open(os.path.join(HERE, 'manifest.tsv'), 'w', encoding='utf-8') as f:
    f.write('# Expected outcome of each file in firms/ (written by make_corpus.py; see README.md).\n')
    f.write('# file\toutcome\tfield\treason (a substring of the English reason)\n')
    f.write('\n'.join(rows) + '\n')
print(len(F), 'files')
