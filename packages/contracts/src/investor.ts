// Investor contracts: HTTP bodies of /api/investor/*. (Added with the investor service.)
export {};
