package p2pshare;

public final class Main {
  public static void main(String[] args) {
    System.out.println("p2pshare");
  }
}
