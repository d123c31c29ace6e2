package io.inventiv.agents.provider.scaleway.fake;

import java.util.HashSet;
import java.util.Set;

/**
 * Public addresses: loopback addresses 127.0.0.2 to 127.0.0.254, so that each running server can have
 * its own endpoint on the same port. Handed out in turn, like a dynamic IP that changes when a server
 * is powered off and on again.
 */
final class AddressPool {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final Set<String> inUse = new HashSet<>();
    private int next = FIRST;

    String allocate() {
        for (int tries = FIRST; tries <= LAST; tries++) {
            String address = "127.0.0." + next;
            next = next == LAST ? FIRST : next + 1;
            if (inUse.add(address)) {
                return address;
            }
        }
        throw ApiError.quotaExceeded("instance_ip");
    }

    void release(String address) {
        inUse.remove(address);
    }
}
