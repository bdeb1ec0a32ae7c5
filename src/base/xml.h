/*
 * xml: escaping text for XML 1.0 character data and attribute values
 * (Atom feeds). Characters XML 1.0 does not allow are dropped.
 */
#ifndef BASE_XML_H
#define BASE_XML_H

#include "buf.h"

/* Appends s escaped (& < > " '); -1 when the buffer reached its ceiling. */
__attribute__((warn_unused_result))
int	xml_escape(struct buf *b, const char *s);

#endif
