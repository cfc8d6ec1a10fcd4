// Parser of the duixian policy language. The parse tree never leaves
// dsl/parse/internal: AstBuilder turns it into the hand-written AST.
parser grammar PolicyParser;

options { tokenVocab = PolicyLexer; }

file       : importDecl* topDecl* EOF ;
importDecl : IMPORT modulePath semi? ;
modulePath : name (SLASH name)* ;
topDecl    : policyDecl | defineDecl | importDecl ;  // a late import is reported (E0111)

defineDecl : DEFINE name STRING? colon expr semi? ;

policyDecl : POLICY policyId STRING lbrace policyItem* rbrace ;
policyId   : POLICY_ID | ASCII_ID ;

policyItem
  : DEPARTMENT STRING                          # deptItem
  | BASIS STRING                               # basisItem
  | EFFECTIVE period                           # effectiveItem
  | WINDOW period                              # windowItem
  | REFERENCE YEAR? NUMBER                     # referenceItem
  | TAGS tag (listSep tag)*                    # tagsItem
  | EXCLUSIVE GROUP? tag                       # exclusiveItem
  | ASSUMED STRING                             # assumedItem
  | CLAUSE name STRING? colon expr             # clauseItem
  | UNLESS name STRING? colon expr             # unlessItem
  | REQUIRES (name STRING? colon)? expr         # requiresItem
  | BENEFIT STRING? colon expr                 # benefitItem
  | defineDecl                                 # localDefineItem
  | testDecl                                   # testItem
  | semi                                       # emptyItem
  ;

period : DATE RANGE DATE ;
tag    : name | STRING ;

// ---- expressions, loosest first
// `if` takes whole expressions in its branches, so it binds loosest:
// `if c then a <= 1 else a <= 2` compares in both branches.
expr     : ifExpr | orExpr ;
ifExpr   : IF expr THEN expr ELSE expr ;
orExpr   : andExpr (OR andExpr)* ;
andExpr  : notExpr (AND notExpr)* ;
notExpr  : NOT notExpr | cmpExpr ;
// Left-factored: every form starts with an operand, and choosing among
// alternatives that all begin with addExpr made the parser look ahead over
// the whole operand (nested calls and brackets included) at every
// comparison — most of the compile time. After the first operand one or two
// tokens decide.
cmpExpr
  : addExpr
    ( compOp addExpr                                 // compare: a >= b
    | addExpr postOp                                 // postfix compare: a 2000万元 以上
    | (IN | NOT_IN | NOT IN) addExpr                 // set membership
    | WITHIN addExpr (BEFORE | AFTER) addExpr        // within d before/after anchor
    | AT addExpr (BEFORE | AFTER) addExpr POST_LE    // 在 anchor 前 d 以内
    )?
  ;
compOp : GE | GT | LE | LT | EQ | NE ;
postOp : POST_GE | POST_LE ;

addExpr   : mulExpr ((PLUS | MINUS) mulExpr)* ;
mulExpr   : unaryExpr ((STAR | SLASH) unaryExpr)* ;
unaryExpr : MINUS unaryExpr | postfixExpr ;
postfixExpr : primary (lbrack expr rbrack | DOT name)* ;

primary
  : NUMBER                                        # numberLit
  | QUANTITY                                      # quantityLit
  | STRING                                        # stringLit
  | DATE                                          # dateLit
  | (TRUE | FALSE)                                # boolLit
  | REF                                           # refYear
  | TODAY                                         # todayRef
  | ON                                            # evalDateRef
  | WINDOW                                        # windowRef
  | EFFECTIVE                                     # effectiveRef
  | (COUNT | ANY | ALL | SUM) lparen name (DOT name)? (WHERE expr)? rparen   # aggregate
  | TIERS lbrace tierArm+ (ELSE colon expr semi?)? rbrace                    # tiers
  | ELIGIBLE lparen POLICY_ID rparen               # eligibleCall
  | name lparen (callArg (comma callArg)*)? rparen   # call
  | name                                          # nameRef
  | lparen expr rparen                            # parens
  | lbrace (expr (listSep expr)*)? rbrace         # setLit
  ;
tierArm : WHEN expr colon expr (semi | comma)? ;
callArg : POLICY_ID | YEAR expr | expr ;

// ---- tests
testDecl : TEST STRING lbrace testPart* rbrace ;
testPart
  : GIVEN object                                  # givenPart
  | ON DATE                                       # onPart
  | EXPECT expectation (comma? expectation)*      # expectPart
  | semi                                          # emptyPart
  ;
expectation
  : ELIGIBLE                                      # expectEligible
  | INELIGIBLE                                    # expectIneligible
  | UNDETERMINED                                  # expectUndetermined
  | BECAUSE name (listSep name)*                  # expectBecause
  | MISSING missingRef (listSep missingRef)*      # expectMissing
  | BENEFIT expr                                  # expectBenefit
  ;
missingRef : name (lbrack NUMBER rbrack)? ;

object : lbrace (entry (comma entry)* comma?)? rbrace ;
entry  : key colon value ;
key    : name | NUMBER | STRING ;
value
  : object                                        # objectValue
  | lbrack (value (comma value)* comma?)? rbrack  # listValue
  | MINUS? (NUMBER | QUANTITY)                    # numberValue
  | STRING                                        # stringValue
  | DATE                                          # dateValue
  | (TRUE | FALSE)                                # boolValue
  ;

// ---- names and punctuation (full-width forms accepted, then reported)
name    : ASCII_ID | HAN_ID | YEAR | GROUP ;
lparen  : LPAREN | FW_LPAREN ;
rparen  : RPAREN | FW_RPAREN ;
lbrace  : LBRACE | FW_LBRACE ;
rbrace  : RBRACE | FW_RBRACE ;
lbrack  : LBRACK | FW_LBRACK ;
rbrack  : RBRACK | FW_RBRACK ;
comma   : COMMA | FW_COMMA ;
listSep : COMMA | FW_COMMA | DUN ;
colon   : COLON | FW_COLON ;
semi    : SEMI | FW_SEMI ;
