/* log.h - one line per event on stderr, written with a single write(2) so lines never interleave. */
#ifndef DAFTAR_LOG_H
#define DAFTAR_LOG_H

#include <stdint.h>

void log_set_quiet(int quiet);
void log_msg(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_info(...) log_msg("info", __VA_ARGS__)
#define log_warn(...) log_msg("warn", __VA_ARGS__)
#define log_error(...) log_msg("error", __VA_ARGS__)
/* Monotonic microseconds, for durations. */
int64_t log_now_us(void);
/* Wall clock microseconds since the epoch. */
int64_t log_wall_us(void);

#endif
