package dev.bqsync.emulator;
final class Placeholder {}
