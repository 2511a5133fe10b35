package io.tensorpool.cluster;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets a process listens on, read from Linux's /proc: its file descriptors name socket
 * inodes, and /proc/net/tcp and tcp6 give each listening inode's local address. Used to check
 * that everything the tests start binds to loopback only.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** "address:port" for every TCP socket PID listens on, e.g. "127.0.0.1:7077" or "0.0.0.0:8080". */
    static List<String> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    listening.add(address(f[1]));
                }
            }
        }
        return listening;
    }

    /** The listening sockets of PID that are not on 127.0.0.0/8 or ::1. */
    static List<String> notLoopback(long pid) {
        return of(pid).stream().filter(a -> !a.startsWith("127.") && !a.startsWith("[::1]:")).toList();
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone: it listens on nothing
        }
        return inodes;
    }

    /** "0100007F:1F90" (IPv4, little-endian words) or a 32-digit IPv6 form, as "a.b.c.d:port" / "[v6]:port". */
    static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return ipv4(ip) + ":" + port;
        }
        // Four 32-bit words, each little-endian. An IPv4-mapped address (::ffff:a.b.c.d) is IPv4.
        StringBuilder bytes = new StringBuilder();
        for (int w = 0; w < 4; w++) {
            String word = ip.substring(w * 8, w * 8 + 8);
            for (int b = 3; b >= 0; b--) {
                bytes.append(word, b * 2, b * 2 + 2);
            }
        }
        String b = bytes.toString().toLowerCase();
        if (b.startsWith("00000000000000000000ffff")) {
            String v4 = b.substring(24);
            return Integer.parseInt(v4.substring(0, 2), 16) + "." + Integer.parseInt(v4.substring(2, 4), 16) + "."
                    + Integer.parseInt(v4.substring(4, 6), 16) + "." + Integer.parseInt(v4.substring(6, 8), 16) + ":" + port;
        }
        if (b.equals("00000000000000000000000000000001")) {
            return "[::1]:" + port;
        }
        return "[" + b + "]:" + port;
    }

    private static String ipv4(String littleEndian) {
        return Integer.parseInt(littleEndian.substring(6, 8), 16) + "." + Integer.parseInt(littleEndian.substring(4, 6), 16)
                + "." + Integer.parseInt(littleEndian.substring(2, 4), 16) + "."
                + Integer.parseInt(littleEndian.substring(0, 2), 16);
    }
}
