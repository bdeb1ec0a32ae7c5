#include "xml.h"

#include <string.h>

int
xml_escape(struct buf *b, const char *s)
{
	const char	*run = s;
	int		 rc = 0;

	for (; *s != '\0' && rc == 0; s++) {
		unsigned char	 c = (unsigned char)*s;
		const char	*rep = c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" :
				    c == '"' ? "&quot;" : c == '\'' ? "&#39;" : NULL;

		if (rep == NULL && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r'))
			continue;
		rc = buf_append(b, run, (size_t)(s - run));
		if (rc == 0 && rep != NULL)
			rc = buf_puts(b, rep);
		run = s + 1;
	}
	if (rc == 0)
		rc = buf_append(b, run, strlen(run));
	return rc;
}
