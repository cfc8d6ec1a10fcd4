// Lexer of the duixian policy language. Keywords come in English, simplified
// and traditional Chinese. Han identifiers are runs of Han characters only, so
// `不满3年` lexes as `不满` `3年`; separate Chinese keywords from names with a
// space (`非 严重失信`). Full-width punctuation typed by an IME gets its own
// tokens: the parser accepts it and the AST builder reports it with a fix-it.
lexer grammar PolicyLexer;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> channel(HIDDEN) ;
WS           : [ \t\r\n\u3000]+ -> channel(HIDDEN) ;

// ---- declarations
IMPORT     : 'import' | '导入' | '導入' ;
POLICY     : 'policy' | '政策' ;
DEFINE     : 'define' | '定义' | '定義' ;
DEPARTMENT : 'department' | '部门' | '部門' ;
BASIS      : 'basis' | '依据' | '依據' ;
EFFECTIVE  : 'effective' | '有效期' ;
WINDOW     : 'window' | '申报期' | '申報期' ;
REFERENCE  : 'reference' | '基准年' | '基準年' ;
YEAR       : 'year' | '年度' ;
TAGS       : 'tags' | '标签' | '標籤' ;
EXCLUSIVE  : 'exclusive' | '互斥' ;
GROUP      : 'group' | '组' | '組' ;
ASSUMED    : 'assumed' | '假定' ;
CLAUSE     : 'clause' | '条件' | '條件' ;
UNLESS     : 'unless' | '除外' ;
REQUIRES   : 'requires' | '前提' ;
BENEFIT    : 'benefit' | '补助' | '補助' ;
TEST       : 'test' | '测试' | '測試' ;
GIVEN      : 'given' | '给定' | '給定' ;
EXPECT     : 'expect' | '期望' ;
ON         : 'on' | '评估日' | '評估日' ;
ELIGIBLE     : 'eligible' | '符合' ;
INELIGIBLE   : 'ineligible' | '不符合' ;
UNDETERMINED : 'undetermined' | '待定' ;
BECAUSE    : 'because' | '因为' | '因為' ;
MISSING    : 'missing' | '缺少' ;

// ---- expressions
TIERS   : 'tiers' | '分档' | '分檔' ;
WHEN    : 'when' | '当' | '當' ;
ELSE    : 'else' | '否则' | '否則' ;
IF      : 'if' | '如果' ;
THEN    : 'then' | '则' | '則' ;
WHERE   : 'where' | '其中' ;
WITHIN  : 'within' ;
AT      : '在' ;
BEFORE  : 'before' | '前' | '之前' ;
AFTER   : 'after' | '后' | '之后' | '後' | '之後' ;
COUNT   : 'count' | '计数' | '計數' ;
ANY     : 'any' | '存在' ;
ALL     : 'all' | '全部' ;
SUM     : 'sum' | '合计' | '合計' ;
REF     : 'ref' | '上年度' ;
TODAY   : 'today' | '今日' ;
TRUE    : 'true' | '是' ;
FALSE   : 'false' | '否' ;

AND     : 'and' | '且' | '并且' | '並且' ;
OR      : 'or' | '或' | '或者' ;
NOT     : 'not' | '非' ;
IN      : 'in' | '属于' | '屬於' ;
NOT_IN  : '不属于' | '不屬於' ;

GE : '>=' | '≥' | '不低于' | '不低於' | '不少于' | '不少於' | '不小于' | '不小於' | '不早于' | '不早於' | '达到' | '達到' ;
GT : '>' | '超过' | '超過' | '高于' | '高於' | '多于' | '多於' | '大于' | '大於' | '晚于' | '晚於' ;
LE : '<=' | '≤' | '不超过' | '不超過' | '不高于' | '不高於' | '不多于' | '不多於' | '不大于' | '不大於' | '不晚于' | '不晚於' ;
LT : '<' | '低于' | '低於' | '少于' | '少於' | '小于' | '小於' | '不满' | '不滿' | '不足' | '早于' | '早於' ;
EQ : '==' | '等于' | '等於' | '为' | '為' ;
NE : '!=' | '≠' | '不等于' | '不等於' | '不为' | '不為' ;
// Postfix boundaries (Civil Code art. 1259: 以上/以下/以内/届满 include the number).
POST_GE : '以上' | '届满' | '屆滿' ;
POST_LE : '以下' | '以内' | '以內' ;

// ---- literals
DATE     : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
QUANTITY : DIGITS ('.' DIGITS)? UNIT ;
NUMBER   : DIGITS ('.' DIGITS)? ;
STRING   : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
         | '“' ~[”\r\n]* '”' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;

POLICY_ID : [A-Z] [A-Z0-9]* ('-' [A-Z0-9]+)+ ;
ASCII_ID  : [a-zA-Z_] [a-zA-Z0-9_]* ;
// The range mark is listed before the Han-name rule because for the single
// character 至 both match one character and the rule listed first wins
// (至今 is longer, so it is still a name).
RANGE    : '..' | '至' | '~' ;
// Han names may carry Latin letters (A股上市, 5G excepted: no digits, so
// `不满3年` still lexes as `不满` `3年`).
HAN_ID    : [A-Za-z_]* HAN (HAN | '·' | [A-Za-z_])* ;

// ---- punctuation (ASCII, then the full-width forms an IME produces)
LPAREN   : '(' ;  RPAREN : ')' ;
LBRACE   : '{' ;  RBRACE : '}' ;
LBRACK   : '[' ;  RBRACK : ']' ;
COMMA    : ',' ;  DUN    : '、' ;
COLON    : ':' ;  SEMI   : ';' ;
DOT      : '.' ;
PLUS     : '+' ;  MINUS  : '-' ;
STAR     : '*' | '×' ;
SLASH    : '/' | '÷' ;
FW_LPAREN : '（' ;  FW_RPAREN : '）' ;
FW_LBRACK : '【' | '［' ;  FW_RBRACK : '】' | '］' ;
FW_LBRACE : '｛' ;  FW_RBRACE : '｝' ;
FW_COMMA  : '，' ;
FW_COLON  : '：' ;
FW_SEMI   : '；' ;

ERROR_CHAR : . ;

fragment DIGIT  : [0-9] ;
fragment DIGITS : DIGIT+ ;
fragment HAN    : [\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF] ;
fragment UNIT   : '元' | '万元' | '萬元' | '亿元' | '億元'
                | '%' | '％' | '‰'
                | '人' | '名' | '项' | '項' | '件' | '个' | '個' | '家'
                | '年' | '个月' | '個月' | '天' | '日' | '工作日' | '个工作日' | '個工作日' ;
