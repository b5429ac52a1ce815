package postgres

import (
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/newswire/newswire/services/sink/internal/tsvector"
)

// vectorParam is a search vector as a query argument of type tsvector; a
// nil vector is NULL. It is encoded by vectorCodec straight from the
// vector, without pgtype.TSVector's copy of every lexeme and position.
type vectorParam struct{ v tsvector.Vector }

// vectorCodec is pgx's tsvector codec that also encodes a vectorParam in
// the binary format.
type vectorCodec struct{ pgtype.TSVectorCodec }

func (c vectorCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(vectorParam); ok && format == pgtype.BinaryFormatCode {
		return encodeVector{}
	}
	return c.TSVectorCodec.PlanEncode(m, oid, format, value)
}

type encodeVector struct{}

func (encodeVector) Encode(value any, buf []byte) ([]byte, error) {
	v := value.(vectorParam).v
	if v == nil {
		return nil, nil
	}
	return v.AppendBinary(buf), nil
}

// registerVector makes tsvector and tsvector[] arguments of a connection
// use vectorCodec.
func registerVector(m *pgtype.Map) {
	t := &pgtype.Type{Name: "tsvector", OID: pgtype.TSVectorOID, Codec: vectorCodec{}}
	m.RegisterType(t)
	m.RegisterType(&pgtype.Type{Name: "_tsvector", OID: pgtype.TSVectorArrayOID, Codec: &pgtype.ArrayCodec{ElementType: t}})
}
