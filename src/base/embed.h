/*
 * EMBED(sym, "path"): the bytes of a file, from the repository root, linked
 * into the binary at build time (.incbin), NUL-terminated. Declares
 * `const char sym[]` and `const char sym_end[]` (the NUL). The Makefile makes
 * the object depend on the file.
 */
#ifndef BASE_EMBED_H
#define BASE_EMBED_H

#define EMBED(sym, path)						\
	__asm__(".section .rodata\n"					\
		".balign 16\n"						\
		".type " #sym ", @object\n"				\
		#sym ":\n"						\
		".incbin \"" path "\"\n"				\
		#sym "_end:\n"						\
		".byte 0\n"						\
		".previous\n");						\
	extern const char sym[], sym##_end[]

#endif
