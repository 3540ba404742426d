// pctsend: a bounded, fast test-traffic sender for PacketCapture's capture tests and benchmark.
// Writes complete Ethernet/IPv4 frames (UDP, TCP or ICMP echo) on one interface through an
// AF_PACKET socket with sendmmsg, so nothing answers and every frame sent is one frame offered
// to the capture. Each payload starts with "S<8 digits>;" (a sequence number) that a reader can
// find with `tcpdump -A`. Bounded by --count and --seconds; never sends anywhere but IFNAME.
//
// usage: pctsend IFNAME SRC_IP DST_IP DST_MAC --proto udp|tcp|icmp [--dport N] [--count N]
//                [--seconds S] [--payload BYTES] [--first-seq N] [--pps N]
// prints: sent=<frames sent>
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAX_FRAME 1514

static uint16_t checksum(const void *data, size_t len, uint32_t sum) {
    const uint8_t *p = data;
    for (; len > 1; len -= 2, p += 2) sum += (uint32_t)(p[0] << 8 | p[1]);
    if (len) sum += (uint32_t)(p[0] << 8);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_mac(const char *s, uint8_t mac[6]) {
    unsigned v[6];
    if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) return -1;
    for (int i = 0; i < 6; i++) mac[i] = (uint8_t)v[i];
    return 0;
}

// Builds one frame for sequence number seq; returns its length.
static size_t build(uint8_t *f, const uint8_t src_mac[6], const uint8_t dst_mac[6], uint32_t src, uint32_t dst,
                    int proto, uint16_t dport, size_t payload, unsigned long seq) {
    size_t l4 = proto == IPPROTO_UDP ? 8 : proto == IPPROTO_TCP ? 20 : 8;
    size_t ip_len = 20 + l4 + payload;
    memcpy(f, dst_mac, 6);
    memcpy(f + 6, src_mac, 6);
    f[12] = 0x08; f[13] = 0x00;
    uint8_t *ip = f + 14, *l = ip + 20, *pl = l + l4;
    memset(ip, 0, 20 + l4);
    ip[0] = 0x45; ip[2] = (uint8_t)(ip_len >> 8); ip[3] = (uint8_t)ip_len;
    ip[4] = (uint8_t)(seq >> 8); ip[5] = (uint8_t)seq;
    ip[8] = 64; ip[9] = (uint8_t)proto;
    memcpy(ip + 12, &src, 4); memcpy(ip + 16, &dst, 4);
    uint16_t c = checksum(ip, 20, 0); ip[10] = (uint8_t)(c >> 8); ip[11] = (uint8_t)c;
    char tag[16];
    snprintf(tag, sizeof tag, "S%08lu;", seq % 100000000UL);
    for (size_t i = 0; i < payload; i++) pl[i] = i < 10 ? (uint8_t)tag[i] : (uint8_t)('a' + i % 26);
    uint16_t sport = (uint16_t)(40000 + seq % 1000);
    if (proto == IPPROTO_UDP) {
        l[0] = (uint8_t)(sport >> 8); l[1] = (uint8_t)sport; l[2] = (uint8_t)(dport >> 8); l[3] = (uint8_t)dport;
        l[4] = (uint8_t)((8 + payload) >> 8); l[5] = (uint8_t)(8 + payload);
    } else if (proto == IPPROTO_TCP) {
        l[0] = (uint8_t)(sport >> 8); l[1] = (uint8_t)sport; l[2] = (uint8_t)(dport >> 8); l[3] = (uint8_t)dport;
        l[7] = (uint8_t)seq; l[12] = 0x50; l[13] = 0x18; l[14] = 0xff; l[15] = 0xff;  // PSH|ACK, window
    } else {
        l[0] = 8;  // echo request
        l[6] = (uint8_t)(seq >> 8); l[7] = (uint8_t)seq;
    }
    // L4 checksum over the pseudo header (tcpdump -nn reports bad ones but still prints them; keep them right).
    uint32_t sum = 0;
    if (proto != IPPROTO_ICMP) {
        uint8_t pseudo[12];
        memcpy(pseudo, &src, 4); memcpy(pseudo + 4, &dst, 4);
        pseudo[8] = 0; pseudo[9] = (uint8_t)proto; pseudo[10] = (uint8_t)((l4 + payload) >> 8); pseudo[11] = (uint8_t)(l4 + payload);
        for (int i = 0; i < 12; i += 2) sum += (uint32_t)(pseudo[i] << 8 | pseudo[i + 1]);
    }
    c = checksum(l, l4 + payload, sum);
    size_t at = proto == IPPROTO_UDP ? 6 : proto == IPPROTO_TCP ? 16 : 2;
    l[at] = (uint8_t)(c >> 8); l[at + 1] = (uint8_t)c;
    return 14 + ip_len;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: pctsend IFNAME SRC_IP DST_IP DST_MAC --proto udp|tcp|icmp [--dport N] [--count N] [--seconds S] [--payload B] [--first-seq N] [--pps N]\n");
        return 2;
    }
    const char *ifname = argv[1];
    uint32_t src, dst;
    uint8_t dst_mac[6], src_mac[6];
    if (inet_pton(AF_INET, argv[2], &src) != 1 || inet_pton(AF_INET, argv[3], &dst) != 1 || parse_mac(argv[4], dst_mac)) {
        fprintf(stderr, "pctsend: bad address\n");
        return 2;
    }
    // Test traffic stays inside 198.18.0.0/15.
    if ((ntohl(src) & 0xfffe0000u) != 0xc6120000u || (ntohl(dst) & 0xfffe0000u) != 0xc6120000u) {
        fprintf(stderr, "pctsend: addresses must be in 198.18.0.0/15\n");
        return 2;
    }
    int proto = IPPROTO_UDP;
    unsigned long count = 1000, first = 0, pps = 0;
    double seconds = 5;
    size_t payload = 64;
    uint16_t dport = 9;
    for (int i = 5; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--proto")) proto = !strcmp(argv[i + 1], "tcp") ? IPPROTO_TCP : !strcmp(argv[i + 1], "icmp") ? IPPROTO_ICMP : IPPROTO_UDP;
        else if (!strcmp(argv[i], "--dport")) dport = (uint16_t)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--count")) count = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--payload")) payload = (size_t)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--first-seq")) first = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--pps")) pps = strtoul(argv[i + 1], NULL, 10);
        else { fprintf(stderr, "pctsend: unknown option %s\n", argv[i]); return 2; }
    }
    if (payload < 10 || payload > 1400) { fprintf(stderr, "pctsend: payload must be 10..1400\n"); return 2; }

    int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IP));
    if (fd < 0) { perror("pctsend: socket"); return 1; }
    struct ifreq ifr = {0};
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) { perror("pctsend: interface"); return 1; }
    int ifindex = ifr.ifr_ifindex;
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) { perror("pctsend: mac"); return 1; }
    memcpy(src_mac, ifr.ifr_hwaddr.sa_data, 6);
    struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_ifindex = ifindex, .sll_halen = 6, .sll_protocol = htons(ETH_P_IP)};
    memcpy(to.sll_addr, dst_mac, 6);

    static uint8_t frames[BATCH][MAX_FRAME];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    unsigned long sent = 0;
    double start = now(), deadline = start + seconds;
    while (sent < count && now() < deadline) {
        unsigned n = 0;
        for (; n < BATCH && sent + n < count; n++) {
            iov[n].iov_base = frames[n];
            iov[n].iov_len = build(frames[n], src_mac, dst_mac, src, dst, proto, dport, payload, first + sent + n);
            memset(&msgs[n], 0, sizeof msgs[n]);
            msgs[n].msg_hdr.msg_iov = &iov[n];
            msgs[n].msg_hdr.msg_iovlen = 1;
            msgs[n].msg_hdr.msg_name = &to;
            msgs[n].msg_hdr.msg_namelen = sizeof to;
        }
        int r = sendmmsg(fd, msgs, n, 0);
        if (r < 0) {
            if (errno == ENOBUFS || errno == EAGAIN) continue;
            perror("pctsend: sendmmsg");
            break;
        }
        sent += (unsigned long)r;
        if (pps) {
            double due = start + (double)sent / (double)pps;
            double wait = due - now();
            if (wait > 0) {
                struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
                nanosleep(&ts, NULL);
            }
        }
    }
    printf("sent=%lu\n", sent);
    close(fd);
    return 0;
}
