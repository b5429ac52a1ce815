package tsvector

// This file is a port of PostgreSQL's default text search parser,
// src/backend/tsearch/wparser_def.c (PostgreSQL 15), restricted to what a
// database whose LC_CTYPE is C and whose encoding is UTF-8 does: every
// non-ASCII character is a letter (p_iswhat's nonascii argument), and the
// ASCII classes are those of the C locale. The state tables and the
// TParserGet loop are transcribed in the original's order, which decides
// which rule wins; names keep the original's so that a reader can put the
// two side by side.
//
// Portions Copyright (c) 1996-2022, PostgreSQL Global Development Group,
// under the PostgreSQL Licence (see NOTICE in this directory).

import "strings"

// Token types, numbered as the parser's lextype list (ts_token_type).
const (
	tokASCIIWord      = 1
	tokWord           = 2
	tokNumWord        = 3
	tokEmail          = 4
	tokURL            = 5
	tokHost           = 6
	tokScientific     = 7
	tokVersionNumber  = 8
	tokNumPartHWord   = 9
	tokPartHWord      = 10
	tokASCIIPartHWord = 11
	tokSpace          = 12
	tokTag            = 13
	tokProtocol       = 14
	tokNumHWord       = 15
	tokASCIIHWord     = 16
	tokHWord          = 17
	tokURLPath        = 18
	tokFilePath       = 19
	tokDecimal        = 20
	tokSignedInt      = 21
	tokUnsignedInt    = 22
	tokXMLEntity      = 23
)

// state is TParserState.
type state uint8

const (
	tpsBase state = iota
	tpsInNumWord
	tpsInASCIIWord
	tpsInWord
	tpsInUnsignedInt
	tpsInSignedIntFirst
	tpsInSignedInt
	tpsInSpace
	tpsInUDecimalFirst
	tpsInUDecimal
	tpsInDecimalFirst
	tpsInDecimal
	tpsInVerVersion
	tpsInSVerVersion
	tpsInVersionFirst
	tpsInVersion
	tpsInMantissaFirst
	tpsInMantissaSign
	tpsInMantissa
	tpsInXMLEntityFirst
	tpsInXMLEntity
	tpsInXMLEntityNumFirst
	tpsInXMLEntityNum
	tpsInXMLEntityHexNumFirst
	tpsInXMLEntityHexNum
	tpsInXMLEntityEnd
	tpsInTagFirst
	tpsInXMLBegin
	tpsInTagCloseFirst
	tpsInTagName
	tpsInTagBeginEnd
	tpsInTag
	tpsInTagEscapeK
	tpsInTagEscapeKK
	tpsInTagBackSleshed
	tpsInTagEnd
	tpsInCommentFirst
	tpsInCommentLast
	tpsInComment
	tpsInCloseCommentFirst
	tpsInCloseCommentLast
	tpsInCommentEnd
	tpsInHostFirstDomain
	tpsInHostDomainSecond
	tpsInHostDomain
	tpsInPortFirst
	tpsInPort
	tpsInHostFirstAN
	tpsInHost
	tpsInEmail
	tpsInFileFirst
	tpsInFileTwiddle
	tpsInPathFirst
	tpsInPathFirstFirst
	tpsInPathSecond
	tpsInFile
	tpsInFileNext
	tpsInURLPathFirst
	tpsInURLPathStart
	tpsInURLPath
	tpsInFURL
	tpsInProtocolFirst
	tpsInProtocolSecond
	tpsInProtocolEnd
	tpsInHyphenASCIIWordFirst
	tpsInHyphenASCIIWord
	tpsInHyphenWordFirst
	tpsInHyphenWord
	tpsInHyphenNumWordFirst
	tpsInHyphenNumWord
	tpsInHyphenDigitLookahead
	tpsInParseHyphen
	tpsInParseHyphenHyphen
	tpsInHyphenWordPart
	tpsInHyphenASCIIWordPart
	tpsInHyphenNumWordPart
	tpsInHyphenUnsignedInt
	tpsNull // last state (fake value)
)

// class names a character test (the original's p_is* functions); a
// number instead of a function value, so the tables do not refer to the
// parser that reads them.
type class uint8

const (
	cNone     class = iota // the list's last item: always matches
	cEOF                   // p_isEOF
	cEqC                   // p_iseqC
	cIgnore                // p_isignore
	cAsclet                // p_isasclet
	cAlpha                 // p_isalpha
	cAlnum                 // p_isalnum
	cNotAlnum              // p_isnotalnum
	cDigit                 // p_isdigit
	cXDigit                // p_isxdigit
	cSpace                 // p_isspace
	cSpecial               // p_isspecial
	cStopHost              // p_isstophost
	cHost                  // p_ishost
	cURLPath               // p_isURLPath
	cURLChar               // p_isurlchar
)

// Flag bits of an item, TParserStateActionItem.flags.
const (
	aNext   = 0x0000
	aBingo  = 0x0001
	aPop    = 0x0002
	aPush   = 0x0004
	aRerun  = 0x0008
	aClear  = 0x0010
	aMerge  = 0x0020
	aClrAll = 0x0040
)

// special names a special handler.
type special uint8

const (
	sNone special = iota
	sTags
	sFURL
	sHyphen
	sVerVersion
)

// item is TParserStateActionItem.
type item struct {
	class   class
	c       byte
	flags   uint8
	to      state
	typ     uint8
	special special
}

// actions is the parser's table, in TParserState order.
var actions = [tpsNull][]item{
	tpsBase: {
		{cEOF, 0, aNext, tpsNull, 0, 0},
		{cEqC, '<', aPush, tpsInTagFirst, 0, 0},
		{cIgnore, 0, aNext, tpsInSpace, 0, 0},
		{cAsclet, 0, aNext, tpsInASCIIWord, 0, 0},
		{cAlpha, 0, aNext, tpsInWord, 0, 0},
		{cDigit, 0, aNext, tpsInUnsignedInt, 0, 0},
		{cEqC, '-', aPush, tpsInSignedIntFirst, 0, 0},
		{cEqC, '+', aPush, tpsInSignedIntFirst, 0, 0},
		{cEqC, '&', aPush, tpsInXMLEntityFirst, 0, 0},
		{cEqC, '~', aPush, tpsInFileTwiddle, 0, 0},
		{cEqC, '/', aPush, tpsInFileFirst, 0, 0},
		{cEqC, '.', aPush, tpsInPathFirstFirst, 0, 0},
		{cNone, 0, aNext, tpsInSpace, 0, 0},
	},
	tpsInNumWord: {
		{cEOF, 0, aBingo, tpsBase, tokNumWord, 0},
		{cAlnum, 0, aNext, tpsInNumWord, 0, 0},
		{cSpecial, 0, aNext, tpsInNumWord, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cEqC, '/', aPush, tpsInFileFirst, 0, 0},
		{cEqC, '.', aPush, tpsInFileNext, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenNumWordFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokNumWord, 0},
	},
	tpsInASCIIWord: {
		{cEOF, 0, aBingo, tpsBase, tokASCIIWord, 0},
		{cAsclet, 0, aNext, tpsNull, 0, 0},
		{cEqC, '.', aPush, tpsInHostFirstDomain, 0, 0},
		{cEqC, '.', aPush, tpsInFileNext, 0, 0},
		{cEqC, '-', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenASCIIWordFirst, 0, 0},
		{cEqC, '_', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cEqC, ':', aPush, tpsInProtocolFirst, 0, 0},
		{cEqC, '/', aPush, tpsInFileFirst, 0, 0},
		{cDigit, 0, aPush, tpsInHost, 0, 0},
		{cDigit, 0, aNext, tpsInNumWord, 0, 0},
		{cAlpha, 0, aNext, tpsInWord, 0, 0},
		{cSpecial, 0, aNext, tpsInWord, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokASCIIWord, 0},
	},
	tpsInWord: {
		{cEOF, 0, aBingo, tpsBase, tokWord, 0},
		{cAlpha, 0, aNext, tpsNull, 0, 0},
		{cSpecial, 0, aNext, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInNumWord, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenWordFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokWord, 0},
	},
	tpsInUnsignedInt: {
		{cEOF, 0, aBingo, tpsBase, tokUnsignedInt, 0},
		{cDigit, 0, aNext, tpsNull, 0, 0},
		{cEqC, '.', aPush, tpsInHostFirstDomain, 0, 0},
		{cEqC, '.', aPush, tpsInUDecimalFirst, 0, 0},
		{cEqC, 'e', aPush, tpsInMantissaFirst, 0, 0},
		{cEqC, 'E', aPush, tpsInMantissaFirst, 0, 0},
		{cEqC, '-', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '_', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cAsclet, 0, aPush, tpsInHost, 0, 0},
		{cAlpha, 0, aNext, tpsInNumWord, 0, 0},
		{cSpecial, 0, aNext, tpsInNumWord, 0, 0},
		{cEqC, '/', aPush, tpsInFileFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokUnsignedInt, 0},
	},
	tpsInSignedIntFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext | aClear, tpsInSignedInt, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInSignedInt: {
		{cEOF, 0, aBingo, tpsBase, tokSignedInt, 0},
		{cDigit, 0, aNext, tpsNull, 0, 0},
		{cEqC, '.', aPush, tpsInDecimalFirst, 0, 0},
		{cEqC, 'e', aPush, tpsInMantissaFirst, 0, 0},
		{cEqC, 'E', aPush, tpsInMantissaFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokSignedInt, 0},
	},
	tpsInSpace: {
		{cEOF, 0, aBingo, tpsBase, tokSpace, 0},
		{cEqC, '<', aBingo, tpsBase, tokSpace, 0},
		{cIgnore, 0, aNext, tpsNull, 0, 0},
		{cEqC, '-', aBingo, tpsBase, tokSpace, 0},
		{cEqC, '+', aBingo, tpsBase, tokSpace, 0},
		{cEqC, '&', aBingo, tpsBase, tokSpace, 0},
		{cEqC, '/', aBingo, tpsBase, tokSpace, 0},
		{cNotAlnum, 0, aNext, tpsInSpace, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokSpace, 0},
	},
	tpsInUDecimalFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aClear, tpsInUDecimal, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInUDecimal: {
		{cEOF, 0, aBingo, tpsBase, tokDecimal, 0},
		{cDigit, 0, aNext, tpsInUDecimal, 0, 0},
		{cEqC, '.', aPush, tpsInVersionFirst, 0, 0},
		{cEqC, 'e', aPush, tpsInMantissaFirst, 0, 0},
		{cEqC, 'E', aPush, tpsInMantissaFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokDecimal, 0},
	},
	tpsInDecimalFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aClear, tpsInDecimal, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInDecimal: {
		{cEOF, 0, aBingo, tpsBase, tokDecimal, 0},
		{cDigit, 0, aNext, tpsInDecimal, 0, 0},
		{cEqC, '.', aPush, tpsInVerVersion, 0, 0},
		{cEqC, 'e', aPush, tpsInMantissaFirst, 0, 0},
		{cEqC, 'E', aPush, tpsInMantissaFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokDecimal, 0},
	},
	tpsInVerVersion: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aRerun, tpsInSVerVersion, 0, sVerVersion},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInSVerVersion: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aBingo | aClrAll, tpsInUnsignedInt, tokSpace, 0},
		{cNone, 0, aNext, tpsNull, 0, 0},
	},
	tpsInVersionFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aClear, tpsInVersion, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInVersion: {
		{cEOF, 0, aBingo, tpsBase, tokVersionNumber, 0},
		{cDigit, 0, aNext, tpsInVersion, 0, 0},
		{cEqC, '.', aPush, tpsInVersionFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokVersionNumber, 0},
	},
	tpsInMantissaFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aClear, tpsInMantissa, 0, 0},
		{cEqC, '+', aNext, tpsInMantissaSign, 0, 0},
		{cEqC, '-', aNext, tpsInMantissaSign, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInMantissaSign: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aClear, tpsInMantissa, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInMantissa: {
		{cEOF, 0, aBingo, tpsBase, tokScientific, 0},
		{cDigit, 0, aNext, tpsInMantissa, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokScientific, 0},
	},
	tpsInXMLEntityFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '#', aNext, tpsInXMLEntityNumFirst, 0, 0},
		{cAsclet, 0, aNext, tpsInXMLEntity, 0, 0},
		{cEqC, ':', aNext, tpsInXMLEntity, 0, 0},
		{cEqC, '_', aNext, tpsInXMLEntity, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntity: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAlnum, 0, aNext, tpsInXMLEntity, 0, 0},
		{cEqC, ':', aNext, tpsInXMLEntity, 0, 0},
		{cEqC, '_', aNext, tpsInXMLEntity, 0, 0},
		{cEqC, '.', aNext, tpsInXMLEntity, 0, 0},
		{cEqC, '-', aNext, tpsInXMLEntity, 0, 0},
		{cEqC, ';', aNext, tpsInXMLEntityEnd, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntityNumFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, 'x', aNext, tpsInXMLEntityHexNumFirst, 0, 0},
		{cEqC, 'X', aNext, tpsInXMLEntityHexNumFirst, 0, 0},
		{cDigit, 0, aNext, tpsInXMLEntityNum, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntityNum: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInXMLEntityNum, 0, 0},
		{cEqC, ';', aNext, tpsInXMLEntityEnd, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntityHexNumFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cXDigit, 0, aNext, tpsInXMLEntityHexNum, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntityHexNum: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cXDigit, 0, aNext, tpsInXMLEntityHexNum, 0, 0},
		{cEqC, ';', aNext, tpsInXMLEntityEnd, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLEntityEnd: {
		{cNone, 0, aBingo | aClear, tpsBase, tokXMLEntity, 0},
	},
	tpsInTagFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '/', aPush, tpsInTagCloseFirst, 0, 0},
		{cEqC, '!', aPush, tpsInCommentFirst, 0, 0},
		{cEqC, '?', aPush, tpsInXMLBegin, 0, 0},
		{cAsclet, 0, aPush, tpsInTagName, 0, 0},
		{cEqC, ':', aPush, tpsInTagName, 0, 0},
		{cEqC, '_', aPush, tpsInTagName, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInXMLBegin: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, 'x', aNext, tpsInTag, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInTagCloseFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInTagName, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInTagName: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '/', aNext, tpsInTagBeginEnd, 0, 0},
		{cEqC, '>', aNext, tpsInTagEnd, 0, sTags},
		{cSpace, 0, aNext, tpsInTag, 0, sTags},
		{cAlnum, 0, aNext, tpsNull, 0, 0},
		{cEqC, ':', aNext, tpsNull, 0, 0},
		{cEqC, '_', aNext, tpsNull, 0, 0},
		{cEqC, '.', aNext, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsNull, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInTagBeginEnd: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '>', aNext, tpsInTagEnd, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInTag: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '>', aNext, tpsInTagEnd, 0, sTags},
		{cEqC, '\'', aNext, tpsInTagEscapeK, 0, 0},
		{cEqC, '"', aNext, tpsInTagEscapeKK, 0, 0},
		{cAsclet, 0, aNext, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsNull, 0, 0},
		{cEqC, '=', aNext, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsNull, 0, 0},
		{cEqC, '_', aNext, tpsNull, 0, 0},
		{cEqC, '#', aNext, tpsNull, 0, 0},
		{cEqC, '/', aNext, tpsNull, 0, 0},
		{cEqC, ':', aNext, tpsNull, 0, 0},
		{cEqC, '.', aNext, tpsNull, 0, 0},
		{cEqC, '&', aNext, tpsNull, 0, 0},
		{cEqC, '?', aNext, tpsNull, 0, 0},
		{cEqC, '%', aNext, tpsNull, 0, 0},
		{cEqC, '~', aNext, tpsNull, 0, 0},
		{cSpace, 0, aNext, tpsNull, 0, sTags},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInTagEscapeK: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '\\', aPush, tpsInTagBackSleshed, 0, 0},
		{cEqC, '\'', aNext, tpsInTag, 0, 0},
		{cNone, 0, aNext, tpsInTagEscapeK, 0, 0},
	},
	tpsInTagEscapeKK: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '\\', aPush, tpsInTagBackSleshed, 0, 0},
		{cEqC, '"', aNext, tpsInTag, 0, 0},
		{cNone, 0, aNext, tpsInTagEscapeKK, 0, 0},
	},
	tpsInTagBackSleshed: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cNone, 0, aMerge, tpsNull, 0, 0},
	},
	tpsInTagEnd: {
		{cNone, 0, aBingo | aClrAll, tpsBase, tokTag, 0},
	},
	tpsInCommentFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsInCommentLast, 0, 0},
		{cEqC, 'D', aNext, tpsInTag, 0, 0},
		{cEqC, 'd', aNext, tpsInTag, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInCommentLast: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsInComment, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInComment: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsInCloseCommentFirst, 0, 0},
		{cNone, 0, aNext, tpsNull, 0, 0},
	},
	tpsInCloseCommentFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsInCloseCommentLast, 0, 0},
		{cNone, 0, aNext, tpsInComment, 0, 0},
	},
	tpsInCloseCommentLast: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '-', aNext, tpsNull, 0, 0},
		{cEqC, '>', aNext, tpsInCommentEnd, 0, 0},
		{cNone, 0, aNext, tpsInComment, 0, 0},
	},
	tpsInCommentEnd: {
		{cNone, 0, aBingo | aClrAll, tpsBase, tokTag, 0},
	},
	tpsInHostFirstDomain: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInHostDomainSecond, 0, 0},
		{cDigit, 0, aNext, tpsInHost, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHostDomainSecond: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInHostDomain, 0, 0},
		{cDigit, 0, aPush, tpsInHost, 0, 0},
		{cEqC, '-', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '_', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '.', aPush, tpsInHostFirstDomain, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHostDomain: {
		{cEOF, 0, aBingo | aClrAll, tpsBase, tokHost, 0},
		{cAsclet, 0, aNext, tpsInHostDomain, 0, 0},
		{cDigit, 0, aPush, tpsInHost, 0, 0},
		{cEqC, ':', aPush, tpsInPortFirst, 0, 0},
		{cEqC, '-', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '_', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '.', aPush, tpsInHostFirstDomain, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cDigit, 0, aPop, tpsNull, 0, 0},
		{cStopHost, 0, aBingo | aClrAll, tpsInURLPathStart, tokHost, 0},
		{cEqC, '/', aPush, tpsInFURL, 0, 0},
		{cNone, 0, aBingo | aClrAll, tpsBase, tokHost, 0},
	},
	tpsInPortFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInPort, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInPort: {
		{cEOF, 0, aBingo | aClrAll, tpsBase, tokHost, 0},
		{cDigit, 0, aNext, tpsInPort, 0, 0},
		{cStopHost, 0, aBingo | aClrAll, tpsInURLPathStart, tokHost, 0},
		{cEqC, '/', aPush, tpsInFURL, 0, 0},
		{cNone, 0, aBingo | aClrAll, tpsBase, tokHost, 0},
	},
	tpsInHostFirstAN: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInHost, 0, 0},
		{cAsclet, 0, aNext, tpsInHost, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHost: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInHost, 0, 0},
		{cAsclet, 0, aNext, tpsInHost, 0, 0},
		{cEqC, '@', aPush, tpsInEmail, 0, 0},
		{cEqC, '.', aPush, tpsInHostFirstDomain, 0, 0},
		{cEqC, '-', aPush, tpsInHostFirstAN, 0, 0},
		{cEqC, '_', aPush, tpsInHostFirstAN, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInEmail: {
		{cStopHost, 0, aPop, tpsNull, 0, 0},
		{cHost, 0, aBingo | aClrAll, tpsBase, tokEmail, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInFileFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInFile, 0, 0},
		{cDigit, 0, aNext, tpsInFile, 0, 0},
		{cEqC, '.', aNext, tpsInPathFirst, 0, 0},
		{cEqC, '_', aNext, tpsInFile, 0, 0},
		{cEqC, '~', aPush, tpsInFileTwiddle, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInFileTwiddle: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInFile, 0, 0},
		{cDigit, 0, aNext, tpsInFile, 0, 0},
		{cEqC, '_', aNext, tpsInFile, 0, 0},
		{cEqC, '/', aNext, tpsInFileFirst, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInPathFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInFile, 0, 0},
		{cDigit, 0, aNext, tpsInFile, 0, 0},
		{cEqC, '_', aNext, tpsInFile, 0, 0},
		{cEqC, '.', aNext, tpsInPathSecond, 0, 0},
		{cEqC, '/', aNext, tpsInFileFirst, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInPathFirstFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '.', aNext, tpsInPathSecond, 0, 0},
		{cEqC, '/', aNext, tpsInFileFirst, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInPathSecond: {
		{cEOF, 0, aBingo | aClear, tpsBase, tokFilePath, 0},
		{cEqC, '/', aNext | aPush, tpsInFileFirst, 0, 0},
		{cEqC, '/', aBingo | aClear, tpsBase, tokFilePath, 0},
		{cSpace, 0, aBingo | aClear, tpsBase, tokFilePath, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInFile: {
		{cEOF, 0, aBingo, tpsBase, tokFilePath, 0},
		{cAsclet, 0, aNext, tpsInFile, 0, 0},
		{cDigit, 0, aNext, tpsInFile, 0, 0},
		{cEqC, '.', aPush, tpsInFileNext, 0, 0},
		{cEqC, '_', aNext, tpsInFile, 0, 0},
		{cEqC, '-', aNext, tpsInFile, 0, 0},
		{cEqC, '/', aPush, tpsInFileFirst, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokFilePath, 0},
	},
	tpsInFileNext: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aClear, tpsInFile, 0, 0},
		{cDigit, 0, aClear, tpsInFile, 0, 0},
		{cEqC, '_', aClear, tpsInFile, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInURLPathFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cURLChar, 0, aNext, tpsInURLPath, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInURLPathStart: {
		{cNone, 0, aNext, tpsInURLPath, 0, 0},
	},
	tpsInURLPath: {
		{cEOF, 0, aBingo, tpsBase, tokURLPath, 0},
		{cURLChar, 0, aNext, tpsInURLPath, 0, 0},
		{cNone, 0, aBingo, tpsBase, tokURLPath, 0},
	},
	tpsInFURL: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cURLPath, 0, aBingo | aClrAll, tpsBase, tokURL, sFURL},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInProtocolFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '/', aNext, tpsInProtocolSecond, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInProtocolSecond: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cEqC, '/', aNext, tpsInProtocolEnd, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInProtocolEnd: {
		{cNone, 0, aBingo | aClrAll, tpsBase, tokProtocol, 0},
	},
	tpsInHyphenASCIIWordFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAsclet, 0, aNext, tpsInHyphenASCIIWord, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenWord, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenDigitLookahead, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHyphenASCIIWord: {
		{cEOF, 0, aBingo | aClrAll, tpsInParseHyphen, tokASCIIHWord, sHyphen},
		{cAsclet, 0, aNext, tpsInHyphenASCIIWord, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenWord, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenWord, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenASCIIWordFirst, 0, 0},
		{cNone, 0, aBingo | aClrAll, tpsInParseHyphen, tokASCIIHWord, sHyphen},
	},
	tpsInHyphenWordFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenWord, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenDigitLookahead, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHyphenWord: {
		{cEOF, 0, aBingo | aClrAll, tpsInParseHyphen, tokHWord, sHyphen},
		{cAlpha, 0, aNext, tpsInHyphenWord, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenWord, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenWordFirst, 0, 0},
		{cNone, 0, aBingo | aClrAll, tpsInParseHyphen, tokHWord, sHyphen},
	},
	tpsInHyphenNumWordFirst: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenDigitLookahead, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHyphenNumWord: {
		{cEOF, 0, aBingo | aClrAll, tpsInParseHyphen, tokNumHWord, sHyphen},
		{cAlnum, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cEqC, '-', aPush, tpsInHyphenNumWordFirst, 0, 0},
		{cNone, 0, aBingo | aClrAll, tpsInParseHyphen, tokNumHWord, sHyphen},
	},
	tpsInHyphenDigitLookahead: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenDigitLookahead, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenNumWord, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInParseHyphen: {
		{cEOF, 0, aRerun, tpsBase, 0, 0},
		{cAsclet, 0, aNext, tpsInHyphenASCIIWordPart, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenWordPart, 0, 0},
		{cDigit, 0, aPush, tpsInHyphenUnsignedInt, 0, 0},
		{cEqC, '-', aPush, tpsInParseHyphenHyphen, 0, 0},
		{cNone, 0, aRerun, tpsBase, 0, 0},
	},
	tpsInParseHyphenHyphen: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cAlnum, 0, aBingo | aClear, tpsInParseHyphen, tokSpace, 0},
		{cSpecial, 0, aBingo | aClear, tpsInParseHyphen, tokSpace, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
	tpsInHyphenWordPart: {
		{cEOF, 0, aBingo, tpsBase, tokPartHWord, 0},
		{cAlpha, 0, aNext, tpsInHyphenWordPart, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenWordPart, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenNumWordPart, 0, 0},
		{cNone, 0, aBingo, tpsInParseHyphen, tokPartHWord, 0},
	},
	tpsInHyphenASCIIWordPart: {
		{cEOF, 0, aBingo, tpsBase, tokASCIIPartHWord, 0},
		{cAsclet, 0, aNext, tpsInHyphenASCIIWordPart, 0, 0},
		{cAlpha, 0, aNext, tpsInHyphenWordPart, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenWordPart, 0, 0},
		{cDigit, 0, aNext, tpsInHyphenNumWordPart, 0, 0},
		{cNone, 0, aBingo, tpsInParseHyphen, tokASCIIPartHWord, 0},
	},
	tpsInHyphenNumWordPart: {
		{cEOF, 0, aBingo, tpsBase, tokNumPartHWord, 0},
		{cAlnum, 0, aNext, tpsInHyphenNumWordPart, 0, 0},
		{cSpecial, 0, aNext, tpsInHyphenNumWordPart, 0, 0},
		{cNone, 0, aBingo, tpsInParseHyphen, tokNumPartHWord, 0},
	},
	tpsInHyphenUnsignedInt: {
		{cEOF, 0, aPop, tpsNull, 0, 0},
		{cDigit, 0, aNext, tpsNull, 0, 0},
		{cAlpha, 0, aClear, tpsInHyphenNumWordPart, 0, 0},
		{cSpecial, 0, aClear, tpsInHyphenNumWordPart, 0, 0},
		{cNone, 0, aPop, tpsNull, 0, 0},
	},
}

// position is TParserPosition; the stack of them is a slice, its top
// the current one. poschar is left out: the tests below look at bytes.
type position struct {
	posbyte      int // position of parser in bytes
	charlen      int // length of current char
	lenbytetoken int // length of token-so-far in bytes
	lenchartoken int // and in chars
	state        state
	pushedAt     int // the item that pushed, an index into the state's list; -1 for none
}

// parser is TParser.
type parser struct {
	str      string
	stack    []position
	ignore   bool
	wanthost bool

	// tablesOnly turns the fast path off, for the tests that compare
	// the two.
	tablesOnly bool

	// out
	token        int // start of the token in str
	lenbytetoken int
	lenchartoken int
	typ          int
}

func newParser(str string) *parser {
	p := &parser{str: str}
	p.stack = append(p.stack, position{state: tpsBase, pushedAt: -1})
	return p
}

func (p *parser) top() *position { return &p.stack[len(p.stack)-1] }

func isAlpha(b byte) bool  { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }
func isDigit(b byte) bool  { return '0' <= b && b <= '9' }
func isXDigit(b byte) bool { return isDigit(b) || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F' }
func isSpace(b byte) bool  { return b == ' ' || '\t' <= b && b <= '\r' }

// Kinds of the current character, for the character tests that look at
// nothing else: an ASCII byte is its own kind.
const (
	kindNonASCII = 128 // a character of more than one byte: a letter
	kindEOF      = 129 // the end of the string
	kinds        = 130
)

// kind returns the current character's kind.
func (p *parser) kind() int {
	st := p.top()
	switch {
	case st.posbyte == len(p.str) || st.charlen == 0:
		return kindEOF
	case st.charlen > 1:
		return kindNonASCII
	}
	return int(p.str[st.posbyte]) // charlen 1: ASCII in valid UTF-8
}

// static reports whether class c matches a character of kind k, for the
// classes that depend on the character alone and p_isignore (given) (the p_is* functions under
// LC_CTYPE C with a multibyte encoding: a non-ASCII character is alpha
// and alnum and nothing else), and whether c is such a class.
func static(c class, eq byte, k int, ignore bool) (match, ok bool) {
	b := byte(k)
	ascii := k < kindNonASCII
	switch c {
	case cNone:
		return true, true
	case cIgnore:
		return ignore, true
	case cEOF:
		return k == kindEOF, true
	case cEqC:
		return ascii && b == eq, true
	case cAsclet:
		return ascii && isAlpha(b), true
	case cAlpha:
		return k == kindNonASCII || ascii && isAlpha(b), true
	case cAlnum:
		return k == kindNonASCII || ascii && (isAlpha(b) || isDigit(b)), true
	case cNotAlnum:
		return !(k == kindNonASCII || ascii && (isAlpha(b) || isDigit(b))), true
	case cDigit:
		return ascii && isDigit(b), true
	case cXDigit:
		return ascii && isXDigit(b), true
	case cSpace:
		return ascii && isSpace(b), true
	case cSpecial:
		// p_isspecial: a character of zero display width (pg_dsplen),
		// or a spacing combining mark of its list. Every item that
		// tests it follows one that tests p_isalpha or p_isalnum, true
		// for every non-ASCII character here; of the ASCII characters
		// only NUL has zero width, and text holds no NUL.
		return false, true
	case cURLChar:
		if !ascii || b <= 0x20 || b >= 0x7f {
			return false, true
		}
		switch b {
		case '"', '<', '>', '\\', '^', '`', '{', '|', '}':
			return false, true
		}
		return true, true
	}
	return false, false
}

// is reports whether the current character (or state) matches class c.
func (p *parser) is(c class, eq byte) bool {
	if m, ok := static(c, eq, p.kind(), p.ignore); ok {
		return m
	}
	switch c {
	case cStopHost:
		if p.wanthost {
			p.wanthost = false
			return true
		}
		return false
	case cHost:
		return p.isHost()
	case cURLPath:
		return p.isURLPath()
	}
	panic("tsvector: unknown character class")
}

// first holds, for each value of the ignore flag, state and kind of
// character, the index of the
// first item of the state's list that matches it or that depends on more
// than the character (the parser's flags, a sub-parser): where the search
// for the matching item starts, as it would after the items before it
// all failed.
var first = func() (f [2][tpsNull][kinds]uint8) {
	for ig := range 2 {
		for st, list := range actions {
			for k := range kinds {
				for i, it := range list {
					if m, ok := static(it.class, it.c, k, ig == 1); m || !ok {
						f[ig][st][k] = uint8(i)
						break
					}
				}
			}
		}
	}
	return f
}()

// sub is TParserCopyInit: a parser of the rest of the string.
func (p *parser) sub() *parser { return newParser(p.str[p.top().posbyte:]) }

// take is what p_ishost and p_isURLPath do with a sub-parser's token.
func (p *parser) take(s *parser) {
	st := p.top()
	st.posbyte += s.lenbytetoken
	st.lenbytetoken += s.lenbytetoken
	st.lenchartoken += s.lenchartoken
	st.charlen = s.top().charlen
}

func (p *parser) isHost() bool {
	s := p.sub()
	s.wanthost = true
	if s.get() && s.typ == tokHost {
		p.take(s)
		return true
	}
	return false
}

func (p *parser) isURLPath() bool {
	s := p.sub()
	s.push()
	s.top().state = tpsInURLPathFirst
	if s.get() && s.typ == tokURLPath {
		p.take(s)
		return true
	}
	return false
}

// push is newTParserPosition: a copy of the top, pushed.
func (p *parser) push() {
	n := *p.top()
	n.pushedAt = -1
	p.stack = append(p.stack, n)
}

func (p *parser) special(s special) {
	st := p.top()
	switch s {
	case sTags:
		tok := p.str[p.token:]
		switch st.lenchartoken {
		case 8:
			if hasPrefixFold(tok, "</script") {
				p.ignore = false
			}
		case 7:
			if hasPrefixFold(tok, "</style") {
				p.ignore = false
			} else if hasPrefixFold(tok, "<script") {
				p.ignore = true
			}
		case 6:
			if hasPrefixFold(tok, "<style") {
				p.ignore = true
			}
		}
	case sFURL:
		p.wanthost = true
		st.posbyte -= st.lenbytetoken
	case sHyphen:
		st.posbyte -= st.lenbytetoken
	case sVerVersion:
		st.posbyte -= st.lenbytetoken
		st.lenbytetoken = 0
		st.lenchartoken = 0
	}
}

// hasPrefixFold is pg_strncasecmp(s, prefix, len(prefix)) == 0 for an
// ASCII prefix: the C locale folds only ASCII letters.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// mblen is pg_utf_mblen: the length of the character that starts with b.
func mblen(b byte) int {
	switch {
	case b&0x80 == 0:
		return 1
	case b&0xe0 == 0xc0:
		return 2
	case b&0xf0 == 0xe0:
		return 3
	case b&0xf8 == 0xf0:
		return 4
	}
	return 1
}

// get is TParserGet: it finds the next token and reports whether there
// is one.
func (p *parser) get() bool {
	if p.top().posbyte >= len(p.str) {
		return false
	}
	if len(p.stack) == 1 && p.stack[0].state == tpsBase && !p.ignore && !p.tablesOnly && p.fast() {
		return true
	}
	p.token = p.top().posbyte
	p.top().pushedAt = -1
	var it *item
	for p.top().posbyte <= len(p.str) {
		st := p.top()
		if st.posbyte == len(p.str) {
			st.charlen = 0
		} else {
			st.charlen = mblen(p.str[st.posbyte])
		}
		list := &actions[st.state]
		var i int
		scan := true
		if st.pushedAt >= 0 {
			// After a POP, pick up at the next test.
			i = st.pushedAt + 1
			st.pushedAt = -1
		} else {
			// The items before first all fail; first itself matches
			// unless it depends on more than the character.
			i = int(first[b2i(p.ignore)][st.state][p.kind()])
			if c := (*list)[i].class; c == cStopHost || c == cHost || c == cURLPath {
				if !p.is(c, 0) {
					i++
				} else {
					scan = false
				}
			} else {
				scan = false
			}
		}
		for scan && (*list)[i].class != cNone {
			if p.is((*list)[i].class, (*list)[i].c) {
				break
			}
			i++
		}
		it = &(*list)[i]

		// A run of characters that each take this item, which moves on
		// and leaves the state as it is: consume them at once, as the
		// loop would one by one.
		if k := p.kind(); k != kindEOF && it.flags == aNext && it.special == sNone &&
			(it.to == tpsNull || it.to == st.state) && int(first[b2i(p.ignore)][st.state][k]) == i {
			if _, ok := static(it.class, it.c, k, p.ignore); ok {
				row := &first[b2i(p.ignore)][st.state]
				for {
					st.posbyte += st.charlen
					st.lenbytetoken += st.charlen
					st.lenchartoken++
					if st.posbyte >= len(p.str) {
						break
					}
					b := p.str[st.posbyte]
					k := int(b)
					if b >= 0x80 {
						k = kindNonASCII
					}
					if int(row[k]) != i {
						break
					}
					st.charlen = mblen(b)
				}
				continue
			}
		}

		if it.special != sNone {
			p.special(it.special)
		}
		if it.flags&aBingo != 0 {
			st := p.top()
			p.lenbytetoken = st.lenbytetoken
			p.lenchartoken = st.lenchartoken
			st.lenbytetoken, st.lenchartoken = 0, 0
			p.typ = int(it.typ)
		}
		switch {
		case it.flags&aPop != 0:
			p.stack = p.stack[:len(p.stack)-1]
		case it.flags&aPush != 0:
			p.top().pushedAt = i
			p.push()
		case it.flags&aClear != 0:
			n := len(p.stack)
			p.stack[n-2] = p.stack[n-1]
			p.stack = p.stack[:n-1]
		case it.flags&aClrAll != 0:
			p.stack[0] = p.stack[len(p.stack)-1]
			p.stack = p.stack[:1]
		case it.flags&aMerge != 0:
			cur := *p.top()
			p.stack = p.stack[:len(p.stack)-1]
			st := p.top()
			st.posbyte = cur.posbyte
			st.charlen = cur.charlen
			st.lenbytetoken = cur.lenbytetoken
			st.lenchartoken = cur.lenchartoken
		}
		if it.to != tpsNull {
			p.top().state = it.to
		}
		if it.flags&aBingo != 0 || (p.top().posbyte >= len(p.str) && it.flags&aRerun == 0) {
			break
		}
		if it.flags&(aRerun|aPop) != 0 {
			continue
		}
		if st := p.top(); st.charlen != 0 {
			st.posbyte += st.charlen
			st.lenbytetoken += st.charlen
			st.lenchartoken++
		}
	}
	return it != nil && it.flags&aBingo != 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fast is get for the two commonest tokens of prose, a run of ASCII
// letters (asciiword) and a run of spaces and punctuation (blank), when
// the parser is at the base state with nothing pushed and not ignoring:
// it returns what the tables would, without them, and false, having
// changed nothing, for anything else. What the tables do there:
//
//   - tpsBase takes an ASCII letter to tpsInASCIIWord, which takes ASCII
//     letters and ends the word (cNone or cEOF: Bingo, tpsBase) at the end
//     of the string or at a character that no other item of its list
//     tests: an ASCII one that is not a letter, a digit, NUL or one of
//     ". - _ @ : /" (a non-ASCII character is a letter here, which goes on
//     into tpsInWord).
//   - tpsBase takes an ASCII character that is not a letter or a digit and
//     that none of its items tests ("<", "-", "+", "&", "~", "/", "."; NUL,
//     which no text holds, is left to the tables) to tpsInSpace, which
//     takes every ASCII character that is not a letter or a digit, and
//     ends the blank before "<", "-", "+", "&", "/", a letter, a digit or
//     a non-ASCII character (p_isnotalnum is false for it), or at the
//     end.
//
// FuzzFastPath checks the two against each other on any text.
func (p *parser) fast() bool {
	st := &p.stack[0]
	s, i := p.str, st.posbyte
	c := s[i]
	j := i + 1
	var typ int
	switch {
	case isAlpha(c):
		for j < len(s) && isAlpha(s[j]) {
			j++
		}
		if j < len(s) && !endsASCIIWord[s[j]] {
			return false
		}
		typ = tokASCIIWord
	case c < 0x80 && startsBlank[c]:
		for ; j < len(s); j++ {
			d := s[j]
			if d == 0 {
				return false
			}
			if d >= 0x80 || !inBlank[d] {
				break
			}
		}
		typ = tokSpace
	default:
		return false
	}
	p.token, p.lenbytetoken, p.lenchartoken, p.typ = i, j-i, j-i, typ
	st.posbyte, st.lenbytetoken, st.lenchartoken, st.pushedAt = j, 0, 0, -1
	st.charlen = 0
	if j < len(s) {
		st.charlen = mblen(s[j])
	}
	return true
}

// The byte classes of fast, for ASCII bytes (false for the others).
var endsASCIIWord, startsBlank, inBlank = func() (end, start, in [256]bool) {
	for b := 1; b < 0x80; b++ {
		c := byte(b)
		if isAlpha(c) || isDigit(c) {
			continue
		}
		end[b] = !strings.ContainsRune(".-_@:/", rune(c))
		start[b] = !strings.ContainsRune("<-+&~/.", rune(c))
		in[b] = !strings.ContainsRune("<-+&/", rune(c))
	}
	return
}()
