/* banned.h - C library calls Daftar does not use, made compile errors (in the manner of git's
 * banned.h). Included last in every source file, after the system headers that declare them.
 * Use instead: text_parse_i64 (numbers), snprintf or struct buf (formatting), text_copy (copies),
 * date_parse (dates), fgets (lines). */
#ifndef DAFTAR_BANNED_H
#define DAFTAR_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_daftar

#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef atoll
#define atoll(x) BANNED(atoll)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef gets
#define gets(x) BANNED(gets)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sscanf
#define sscanf(...) BANNED(sscanf)

#endif
