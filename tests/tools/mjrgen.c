/*
 * mjrgen: writes a Janus recording (.mjr, the MJR00002 format of
 * janus-gateway's src/record.c) of real media, for the tests of the
 * recording pipeline that run the real janus-pp-rec:
 *
 *   mjrgen audio OUT.mjr SECONDS	a 440 Hz tone, Opus (libopus), 20 ms packets
 *   mjrgen video OUT.mjr SECONDS	a moving picture, VP8 (libvpx), 320x240 at 30 fps
 *
 * The file is what Janus writes: "MJR00002", the length and text of a JSON
 * header ({"t","c","s","u"}), then for every RTP packet "MEET", the
 * milliseconds since the first one, the packet's length and the packet
 * (RTP version 2, one SSRC, sequence numbers and timestamps advancing;
 * VP8 with the RFC 7741 payload descriptor, a frame split over packets of
 * 1,100 bytes at most, the last one marked).
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <opus/opus.h>
#include <vpx/vp8cx.h>
#include <vpx/vpx_encoder.h>

#define RTP_MAX_PAYLOAD	1100
#define OPUS_PT		111
#define VP8_PT		96
#define WIDTH		320
#define HEIGHT		240
#define FPS		30

struct mjr {
	FILE		*f;
	uint16_t	 seq;
	uint32_t	 ssrc;
};

static void
die(const char *what)
{
	fprintf(stderr, "mjrgen: %s\n", what);
	exit(1);
}

static int64_t
now_us(void)
{
	struct timeval	tv;

	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void
put(struct mjr *m, const void *p, size_t n)
{
	if (fwrite(p, 1, n, m->f) != n)
		die("cannot write");
}

static void
header(struct mjr *m, const char *type, const char *codec)
{
	char		json[256];
	int64_t		t = now_us();
	uint16_t	len;

	snprintf(json, sizeof(json), "{\"t\":\"%s\",\"c\":\"%s\",\"s\":%lld,\"u\":%lld}", type,
	    codec, (long long)t, (long long)t);
	len = htons((uint16_t)strlen(json));
	put(m, "MJR00002", 8);
	put(m, &len, 2);
	put(m, json, strlen(json));
}

/* One frame of the file: an RTP packet with its header, written at ms. */
static void
packet(struct mjr *m, int pt, uint32_t ts, int marker, uint32_t ms, const uint8_t *pre,
    size_t npre, const uint8_t *payload, size_t n)
{
	uint8_t		rtp[12];
	uint32_t	be_ms = htonl(ms), be_ts = htonl(ts), be_ssrc = htonl(m->ssrc);
	uint16_t	be_len = htons((uint16_t)(12 + npre + n)), be_seq = htons(m->seq++);

	rtp[0] = 0x80;
	rtp[1] = (uint8_t)((marker ? 0x80 : 0) | pt);
	memcpy(rtp + 2, &be_seq, 2);
	memcpy(rtp + 4, &be_ts, 4);
	memcpy(rtp + 8, &be_ssrc, 4);
	put(m, "MEET", 4);
	put(m, &be_ms, 4);
	put(m, &be_len, 2);
	put(m, rtp, 12);
	put(m, pre, npre);
	put(m, payload, n);
}

static void
audio(struct mjr *m, int seconds)
{
	int		 err, frames = seconds * 50;
	OpusEncoder	*enc = opus_encoder_create(48000, 1, OPUS_APPLICATION_AUDIO, &err);
	opus_int16	 pcm[960];
	unsigned char	 out[1500];

	if (enc == NULL)
		die("cannot make an Opus encoder");
	header(m, "a", "opus");
	for (int i = 0; i < frames; i++) {
		opus_int32	n;

		for (int s = 0; s < 960; s++)
			pcm[s] = (opus_int16)(8000 * sin(2 * M_PI * 440 * (i * 960 + s) / 48000.0));
		if ((n = opus_encode(enc, pcm, 960, out, sizeof(out))) < 0)
			die("cannot encode Opus");
		packet(m, OPUS_PT, (uint32_t)(i * 960), 0, (uint32_t)(i * 20), NULL, 0, out,
		    (size_t)n);
	}
	opus_encoder_destroy(enc);
}

/* A picture that moves: a bright bar sweeping across a shifting gradient. */
static void
draw(vpx_image_t *img, int frame)
{
	for (int y = 0; y < HEIGHT; y++)
		for (int x = 0; x < WIDTH; x++)
			img->planes[0][y * img->stride[0] + x] = (uint8_t)(
			    (x + frame * 4) % WIDTH == y % WIDTH ? 255 : (x + y + frame) & 0xff);
	for (int y = 0; y < HEIGHT / 2; y++)
		for (int x = 0; x < WIDTH / 2; x++) {
			img->planes[1][y * img->stride[1] + x] = (uint8_t)(64 + frame * 3);
			img->planes[2][y * img->stride[2] + x] = (uint8_t)(192 - frame * 2);
		}
}

/* One encoded frame as RTP packets (RFC 7741: S bit on the first, marker on the last). */
static void
vp8_frame(struct mjr *m, const uint8_t *data, size_t n, int frame)
{
	uint32_t	ts = (uint32_t)(frame * (90000 / FPS)), ms = (uint32_t)(frame * 1000 / FPS);

	for (size_t off = 0; off < n; off += RTP_MAX_PAYLOAD) {
		size_t	len = n - off > RTP_MAX_PAYLOAD ? RTP_MAX_PAYLOAD : n - off;
		uint8_t	desc = off == 0 ? 0x10 : 0x00;

		packet(m, VP8_PT, ts, off + len == n, ms, &desc, 1, data + off, len);
	}
}

static void
video(struct mjr *m, int seconds)
{
	vpx_codec_ctx_t		 codec;
	vpx_codec_enc_cfg_t	 cfg;
	vpx_image_t		 img;
	const vpx_codec_cx_pkt_t *pkt;
	vpx_codec_iter_t	 it;
	int			 frames = seconds * FPS;

	if (vpx_codec_enc_config_default(vpx_codec_vp8_cx(), &cfg, 0) != VPX_CODEC_OK)
		die("no VP8 encoder");
	cfg.g_w = WIDTH;
	cfg.g_h = HEIGHT;
	cfg.g_timebase.num = 1;
	cfg.g_timebase.den = FPS;
	cfg.rc_target_bitrate = 300;
	cfg.kf_max_dist = FPS;
	cfg.g_lag_in_frames = 0;
	if (vpx_codec_enc_init(&codec, vpx_codec_vp8_cx(), &cfg, 0) != VPX_CODEC_OK ||
	    vpx_img_alloc(&img, VPX_IMG_FMT_I420, WIDTH, HEIGHT, 1) == NULL)
		die("cannot make a VP8 encoder");
	header(m, "v", "vp8");
	for (int i = 0; i <= frames; i++) {
		if (i < frames)
			draw(&img, i);
		if (vpx_codec_encode(&codec, i < frames ? &img : NULL, i, 1, 0,
		    VPX_DL_GOOD_QUALITY) != VPX_CODEC_OK)
			die("cannot encode VP8");
		it = NULL;
		while ((pkt = vpx_codec_get_cx_data(&codec, &it)) != NULL)
			if (pkt->kind == VPX_CODEC_CX_FRAME_PKT)
				vp8_frame(m, pkt->data.frame.buf, pkt->data.frame.sz,
				    (int)pkt->data.frame.pts);
	}
	vpx_img_free(&img);
	vpx_codec_destroy(&codec);
}

int
main(int argc, char **argv)
{
	struct mjr	 m = { NULL, 1000, 0x1234abcd };
	char		*end = NULL;
	long		 seconds = argc == 4 ? strtol(argv[3], &end, 10) : 0;

	if (argc != 4 || (strcmp(argv[1], "audio") != 0 && strcmp(argv[1], "video") != 0) ||
	    *end != '\0' || seconds < 1 || seconds > 3600) {
		fprintf(stderr, "usage: mjrgen audio|video OUT.mjr SECONDS\n");
		return 2;
	}
	if ((m.f = fopen(argv[2], "wb")) == NULL)
		die("cannot create the file");
	if (argv[1][0] == 'a')
		audio(&m, (int)seconds);
	else
		video(&m, (int)seconds);
	if (fclose(m.f) != 0)
		die("cannot write");
	return 0;
}
