import t from 'tap';
import { runCourierContract } from 'waybill/testing';
import { bluedartContract } from './testing.js';

runCourierContract(t, bluedartContract());
